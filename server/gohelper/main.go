// Command typeshelper answers questions about one Go package that only Go's own type checker can
// answer exactly (struct sizes, alignments and offsets for the target GOARCH). It is shipped as
// source with Go Escape Hints, built with the user's toolchain, and run without a shell.
//
// Protocol: one JSON Request as the only argument (or on stdin), one JSON Response on stdout, exit status 0 unless the request
// itself could not be read. Each question is a field of Request; new questions (the type of the
// expression at a position, …) add a field to Request and one to Response.
//
// Only the standard library is used, and nothing newer than Go 1.19.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// Request names the package and what is asked about it.
type Request struct {
	// Dir is the package directory; `go list .` runs there.
	Dir string `json:"dir"`
	// Go is the go binary to run for `go list` (the one the caller analyses with).
	Go   string   `json:"go"`
	Tags []string `json:"tags,omitempty"`
	// Overlay is a `go build -overlay` file: unsaved editor contents.
	Overlay string `json:"overlay,omitempty"`
	// Tests adds the package's in-package _test.go files.
	Tests bool `json:"tests,omitempty"`
	// StructLayouts asks for the layout of every non-generic named struct type.
	StructLayouts bool `json:"structLayouts,omitempty"`
	// ExpressionTypes asks for the type of the expression at each of these places, per file.
	ExpressionTypes []ExpressionQuery `json:"expressionTypes,omitempty"`
}

// Response carries one answer per question asked, and whatever went wrong on the way.
type Response struct {
	ImportPath string `json:"importPath"`
	GoArch     string `json:"goarch"`
	WordSize   int64  `json:"wordSize"`
	// Structs answers StructLayouts.
	Structs []StructLayout `json:"structs,omitempty"`
	// Expressions answers ExpressionTypes.
	Expressions []ExpressionType `json:"expressions,omitempty"`
	// Errors are problems that left some answers out (type errors, missing export data).
	Errors []string `json:"errors,omitempty"`
}

func main() {
	var req Request
	var input io.Reader = os.Stdin
	if len(os.Args) > 1 {
		input = strings.NewReader(os.Args[1])
	}
	if err := json.NewDecoder(input).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "typeshelper: cannot read the request: %v\n", err)
		os.Exit(2)
	}
	resp := answer(req)
	out := json.NewEncoder(os.Stdout)
	if err := out.Encode(resp); err != nil {
		fmt.Fprintf(os.Stderr, "typeshelper: %v\n", err)
		os.Exit(1)
	}
}

func answer(req Request) *Response {
	resp := &Response{}
	if req.Go == "" {
		req.Go = "go"
	}
	arch, err := goEnv(req, "GOARCH")
	if err != nil {
		resp.Errors = append(resp.Errors, err.Error())
		return resp
	}
	resp.GoArch = arch
	sizes, ok := gcSizesFor(arch)
	if !ok {
		resp.Errors = append(resp.Errors, fmt.Sprintf("no sizes known for GOARCH=%s", arch))
		return resp
	}
	resp.WordSize = sizes.wordSize
	pkg, err := loadPackage(req, sizes)
	if err != nil {
		resp.Errors = append(resp.Errors, err.Error())
		return resp
	}
	resp.ImportPath = pkg.importPath
	resp.Errors = append(resp.Errors, pkg.errors...)
	if req.StructLayouts {
		resp.Structs = structLayouts(pkg, sizes)
	}
	if len(req.ExpressionTypes) > 0 {
		resp.Expressions = expressionTypes(pkg, req.ExpressionTypes)
	}
	return resp
}

// goEnv reads one `go env` variable as the build would see it (environment, go.env, defaults).
func goEnv(req Request, name string) (string, error) {
	out, err := runGo(req, "env", name)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// runGo runs the go command in the package directory and returns its stdout.
func runGo(req Request, args ...string) ([]byte, error) {
	cmd := exec.Command(req.Go, args...)
	cmd.Dir = req.Dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// buildFlags are the flags every `go list` shares with the analysis build.
func buildFlags(req Request) []string {
	var flags []string
	if len(req.Tags) > 0 {
		flags = append(flags, "-tags="+strings.Join(req.Tags, ","))
	}
	if req.Overlay != "" {
		flags = append(flags, "-overlay="+req.Overlay)
	}
	return flags
}
