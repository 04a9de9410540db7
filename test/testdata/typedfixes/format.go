// Package typedfixes has one fmt call per shape the typed boxing fix knows (and some it must refuse).
package typedfixes

import (
	"fmt"
	"io"
)

type User struct {
	Name   string
	Score  int64
	Size   uint32
	Admin  bool
	Visits Count
}

// Name and Count are named types without methods: printed like their underlying type.
type Name string

type Count int

// Level has a String method: fmt prints what it returns, so no rewrite.
type Level int

func (l Level) String() string { return [...]string{"low", "high"}[l&1] }

func (u *User) Label() Name { return Name("@" + u.Name) }

// Visited is the example project's Describe: a struct field and an int.
func Visited(u *User, visits int) string {
	return fmt.Sprintf("%s visited %d times", u.Name, visits)
}

// Fields formats struct fields of several types (one of a named type), one of them quoted.
func Fields(u User) string {
	return fmt.Sprintf("%v: %d/%d, admin=%t, %q x%v", u.Name, u.Score, u.Size, u.Admin, u.Name, u.Visits)
}

// Labelled formats a method result and named types.
func Labelled(u *User, c Count, n int) string {
	return fmt.Sprintf("[%s] %v (%d)", u.Label(), c, n)
}

func (u *User) Bump() int64 {
	u.Score++
	return u.Score
}

// Bumped: fmt calls u.Bump() before it reads u.Score; a concatenation would read it first. No fix.
func Bumped(u *User) string {
	return fmt.Sprintf("%d then %d", u.Score, u.Bump())
}

// Spaced: Sprint puts a space between two operands only when neither is a string.
func Spaced(a, b int, s string, c Count, n Name) string {
	return fmt.Sprint(a, b, s, c, a, n, b)
}

// Line: Sprintln always separates with a space and ends with a newline.
func Line(n int8, s Name, ok bool) string {
	return fmt.Sprintln(n, s, ok)
}

// Hex formats unsigned and signed integers in hex.
func Hex(x uint16, y int32) string {
	return fmt.Sprintf("%x-%x", x, y)
}

// Percent has a literal percent sign and escapes.
func Percent(p uint) string {
	return fmt.Sprintf("%d%%\t\"done\"", p)
}

// LevelName prints a type with a String method: no fix.
func LevelName(l Level, n int) string {
	return fmt.Sprintf("level %v #%d", l, n)
}

// Padded uses a width: no fix.
func Padded(n int) string {
	return fmt.Sprintf("%5d", n)
}

// Float has no exact strconv equivalent for %v: no fix.
func Float(f float64, n int) string {
	return fmt.Sprintf("%v/%d", f, n)
}

// Wrap builds an error: left alone.
func Wrap(err error, id int) error {
	return fmt.Errorf("item %d: %w", id, err)
}

// Write writes to an io.Writer: left alone.
func Write(w io.Writer, n int) {
	fmt.Fprintf(w, "%d\n", n)
}
