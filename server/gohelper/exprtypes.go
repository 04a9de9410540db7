package main

import (
	"go/ast"
	"go/types"
	"path/filepath"
)

// ExpressionQuery asks for the types of the expressions spanning each range of one file.
type ExpressionQuery struct {
	File   string      `json:"file"`
	Ranges []SpanQuery `json:"ranges"`
}

// SpanQuery is an expression's extent as the compiler prints positions (1-based line, 1-based byte column).
type SpanQuery struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// ExpressionType answers one SpanQuery: what the type checker knows of the expression found there.
type ExpressionType struct {
	File  string    `json:"file"`
	Range SpanQuery `json:"range"`
	// Type is the expression's type, qualified by package name outside this package (`time.Duration`, `User`).
	Type string `json:"type"`
	// Underlying is the type's underlying type (`string` for `type Name string`).
	Underlying string `json:"underlying"`
	// Basic is the underlying basic kind (`int64`, `string`, `bool`, `untyped int`…), empty when not basic.
	Basic string `json:"basic,omitempty"`
	// Interface is true for an interface type: what is printed depends on the dynamic type.
	Interface bool `json:"interface,omitempty"`
	// Constant is the expression's constant value (Go syntax), when it has one.
	Constant string `json:"constant,omitempty"`
	// Methods that change how fmt prints the value, on the type or its pointer (String, Error, Format, GoString).
	Methods []string `json:"methods,omitempty"`
	// Element is a slice's element type, and ElementPointers whether it holds pointers (what a popped slot keeps alive).
	Element         string `json:"element,omitempty"`
	ElementPointers bool   `json:"elementPointers,omitempty"`
}

// fmtMethods are the methods fmt looks for before printing a value by its kind.
var fmtMethods = []string{"String", "Error", "Format", "GoString"}

// expressionTypes answers each range with the expression that spans it exactly (parentheses included
// or not); a range with no such expression, or one the type checker has no type for, is left out.
func expressionTypes(pkg *loadedPackage, queries []ExpressionQuery) []ExpressionType {
	var answers []ExpressionType
	for _, query := range queries {
		file := fileNamed(pkg, query.File)
		if file == nil {
			continue
		}
		wanted := map[SpanQuery]bool{}
		for _, r := range query.Ranges {
			wanted[r] = true
		}
		qualifier := types.RelativeTo(pkg.types)
		ast.Inspect(file, func(n ast.Node) bool {
			expr, ok := n.(ast.Expr)
			if !ok || len(wanted) == 0 {
				return len(wanted) > 0
			}
			span := SpanQuery{Start: positionOf(pkg.fset, expr.Pos()), End: positionOf(pkg.fset, expr.End())}
			if !wanted[span] {
				return true
			}
			tv, ok := pkg.info.Types[expr]
			if !ok || tv.Type == nil || tv.IsType() {
				return true
			}
			delete(wanted, span)
			answers = append(answers, describeType(query.File, span, tv, qualifier))
			return true
		})
	}
	return answers
}

func describeType(file string, span SpanQuery, tv types.TypeAndValue, qualifier types.Qualifier) ExpressionType {
	t := tv.Type
	answer := ExpressionType{
		File:       file,
		Range:      span,
		Type:       types.TypeString(t, qualifier),
		Underlying: types.TypeString(t.Underlying(), qualifier),
	}
	if basic, ok := t.Underlying().(*types.Basic); ok {
		answer.Basic = basic.Name()
	}
	_, answer.Interface = t.Underlying().(*types.Interface)
	if tv.Value != nil {
		answer.Constant = tv.Value.ExactString()
	}
	if slice, ok := t.Underlying().(*types.Slice); ok {
		answer.Element = types.TypeString(slice.Elem(), qualifier)
		answer.ElementPointers = hasPointers(slice.Elem(), map[types.Type]bool{})
	}
	// Methods of *T count too: fmt sees them when the value printed is addressable through a pointer.
	for _, name := range fmtMethods {
		if hasMethod(t, name) {
			answer.Methods = append(answer.Methods, name)
		}
	}
	return answer
}

func hasMethod(t types.Type, name string) bool {
	for _, set := range []*types.MethodSet{types.NewMethodSet(t), types.NewMethodSet(types.NewPointer(t))} {
		if set.Lookup(nil, name) != nil {
			return true
		}
	}
	return false
}

func fileNamed(pkg *loadedPackage, name string) *ast.File {
	for _, f := range pkg.files {
		if filepath.Clean(pkg.fset.File(f.Pos()).Name()) == filepath.Clean(name) {
			return f
		}
	}
	return nil
}

// hasPointers reports whether a value of type t holds pointers the garbage collector follows.
func hasPointers(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedString
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if hasPointers(u.Field(i).Type(), seen) {
				return true
			}
		}
		return false
	default: // pointers, slices, maps, channels, functions, interfaces
		return true
	}
}
