package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// listedPackage is the part of `go list -json` this helper reads.
type listedPackage struct {
	ImportPath  string
	Name        string
	Dir         string
	Export      string
	GoFiles     []string
	CgoFiles    []string
	TestGoFiles []string
	Imports     []string
	TestImports []string
	ImportMap   map[string]string
	Error       *struct{ Err string }
}

// loadedPackage is the package type-checked from its sources (editor contents first).
type loadedPackage struct {
	importPath string
	fset       *token.FileSet
	files      []*ast.File
	// sources holds each parsed file's bytes by file name, for rewriting parts of them.
	sources map[string][]byte
	types   *types.Package
	info    *types.Info
	cgo     bool
	errors  []string
}

// loadPackage lists the package, reads its dependencies' export data (`go list -export`, so the
// build cache does the work) and type-checks the package's own files from source.
func loadPackage(req Request, sizes *gcSizes) (*loadedPackage, error) {
	listed, err := listPackages(req, []string{"."}, false)
	if err != nil {
		return nil, err
	}
	if len(listed) != 1 {
		return nil, fmt.Errorf("go list . named %d packages", len(listed))
	}
	pkg := listed[0]
	names := append([]string{}, pkg.GoFiles...)
	names = append(names, pkg.CgoFiles...)
	imports := pkg.Imports
	if req.Tests {
		names = append(names, pkg.TestGoFiles...)
		imports = append(append([]string{}, imports...), pkg.TestImports...)
	}
	if len(names) == 0 {
		if pkg.Error != nil {
			return nil, fmt.Errorf("%s", pkg.Error.Err)
		}
		return nil, fmt.Errorf("no Go files in %s", req.Dir)
	}

	exports, exportErrors, err := exportData(req, imports, pkg.ImportMap)
	if err != nil {
		return nil, err
	}
	overlay, err := readOverlay(req.Overlay)
	if err != nil {
		return nil, err
	}
	loaded := &loadedPackage{
		importPath: pkg.ImportPath,
		fset:       token.NewFileSet(),
		sources:    map[string][]byte{},
		cgo:        len(pkg.CgoFiles) > 0,
		errors:     exportErrors,
	}
	for _, name := range names {
		file := filepath.Join(pkg.Dir, name)
		readFrom := file
		if backing, ok := overlay[file]; ok {
			readFrom = backing
		}
		src, err := os.ReadFile(readFrom)
		if err != nil {
			loaded.errors = append(loaded.errors, err.Error())
			continue
		}
		parsed, err := parser.ParseFile(loaded.fset, file, src, parser.ParseComments)
		if parsed == nil {
			loaded.errors = append(loaded.errors, err.Error())
			continue
		}
		if err != nil {
			loaded.errors = append(loaded.errors, err.Error())
		}
		loaded.files = append(loaded.files, parsed)
		loaded.sources[file] = src
	}

	gc := importer.ForCompiler(loaded.fset, "gc", func(path string) (io.ReadCloser, error) {
		export, ok := exports[path]
		if !ok || export == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(export)
	})
	config := &types.Config{
		Importer:    canonicalImporter{gc: gc, importMap: pkg.ImportMap},
		Sizes:       sizes,
		FakeImportC: true,
		Error: func(err error) {
			if len(loaded.errors) < 10 {
				loaded.errors = append(loaded.errors, err.Error())
			}
		},
	}
	loaded.info = &types.Info{
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Types:      map[ast.Expr]types.TypeAndValue{},
	}
	// Errors are collected above; what did type-check is still worth answering about.
	loaded.types, _ = config.Check(pkg.ImportPath, loaded.fset, loaded.files, loaded.info)
	return loaded, nil
}

// listPackages runs `go list -e -json` (with `-export` when asked) on the given patterns.
func listPackages(req Request, patterns []string, export bool) ([]listedPackage, error) {
	args := []string{"list", "-e", "-json"}
	if export {
		args = append(args, "-export")
	}
	args = append(args, buildFlags(req)...)
	args = append(args, "--")
	args = append(args, patterns...)
	out, err := runGo(req, args...)
	if err != nil && len(out) == 0 {
		return nil, err
	}
	var packages []listedPackage
	decoder := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := decoder.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list printed something else than JSON: %v", err)
		}
		packages = append(packages, p)
	}
	return packages, nil
}

// exportData maps each resolved import path to its export data file.
func exportData(req Request, imports []string, importMap map[string]string) (map[string]string, []string, error) {
	wanted := map[string]bool{}
	for _, path := range imports {
		if resolved, ok := importMap[path]; ok {
			path = resolved
		}
		if path != "C" && path != "unsafe" {
			wanted[path] = true
		}
	}
	exports := map[string]string{}
	if len(wanted) == 0 {
		return exports, nil, nil
	}
	paths := make([]string, 0, len(wanted))
	for path := range wanted {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	listed, err := listPackages(req, paths, true)
	if err != nil {
		return nil, nil, err
	}
	var problems []string
	for _, p := range listed {
		exports[p.ImportPath] = p.Export
		if p.Error != nil {
			problems = append(problems, p.Error.Err)
		}
	}
	return exports, problems, nil
}

// canonicalImporter turns an import path as written into the path `go list` resolved it to
// (vendoring), so that every package is imported once under the name its export data uses.
type canonicalImporter struct {
	gc        types.Importer
	importMap map[string]string
}

func (c canonicalImporter) Import(path string) (*types.Package, error) {
	if resolved, ok := c.importMap[path]; ok {
		path = resolved
	}
	return c.gc.Import(path)
}

// readOverlay reads a `-overlay` file: real path → file holding the editor's contents.
func readOverlay(file string) (map[string]string, error) {
	if file == "" {
		return nil, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var overlay struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &overlay); err != nil {
		return nil, fmt.Errorf("overlay %s: %v", file, err)
	}
	return overlay.Replace, nil
}
