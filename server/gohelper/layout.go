package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"sort"
)

// Position is a place in a file as the compiler prints it: 1-based line, 1-based byte column.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Edit replaces the text from Start up to End with NewText (positions in the text this helper read).
type Edit struct {
	Start   Position `json:"start"`
	End     Position `json:"end"`
	NewText string   `json:"newText"`
}

// FieldLayout is one field as the target GOARCH lays it out.
type FieldLayout struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Embedded bool   `json:"embedded,omitempty"`
	Offset   int64  `json:"offset"`
	Size     int64  `json:"size"`
	Align    int64  `json:"align"`
	// Padding is the bytes after this field before the next one (or the end of the struct).
	Padding int64 `json:"padding"`
}

// StructLayout is one named struct type's layout, and the smallest one reordering gives.
type StructLayout struct {
	Name string `json:"name"`
	File string `json:"file"`
	// At is where the type's name starts.
	At     Position      `json:"at"`
	Size   int64         `json:"size"`
	Align  int64         `json:"align"`
	Fields []FieldLayout `json:"fields"`
	// OptimalSize is the size with the fields ordered to minimise padding; OptimalOrder names them in that order.
	OptimalSize  int64    `json:"optimalSize"`
	OptimalOrder []string `json:"optimalOrder"`
	// Keep says why the layout must not change ("structs.HostLayout", "cgo", "layout comment", "unsafe.Offsetof"); empty when it may.
	Keep string `json:"keep,omitempty"`
	// Reorder rewrites the field list in OptimalOrder, gofmt-formatted; only when it saves at least a word and the layout may change.
	Reorder *Edit `json:"reorder,omitempty"`
}

// structDecl is a named struct type found in the syntax, with what its layout needs.
type structDecl struct {
	file    *ast.File
	decl    *ast.GenDecl
	spec    *ast.TypeSpec
	syntax  *ast.StructType
	typ     *types.Named
	layout  *StructLayout
	units   []fieldUnit
	ordered []fieldUnit
}

// fieldUnit is one field declaration (`a, b int` is one unit): reordering moves whole units.
type fieldUnit struct {
	field *ast.Field
	// first and count locate its variables in the struct type's field list.
	first, count int
	zeroSize     bool
	align        int64
}

func structLayouts(pkg *loadedPackage, sizes *gcSizes) []StructLayout {
	offsetofTypes := typesUsedWithOffsetof(pkg)
	var decls []*structDecl
	for _, file := range pkg.files {
		for _, d := range structDeclsIn(file, pkg.info) {
			if !sizes.valid(d.typ) {
				continue // unresolved or generic field types: no exact size to give
			}
			d.layout = layoutOf(d, pkg, sizes)
			d.layout.Keep = keepReason(d, pkg, offsetofTypes)
			decls = append(decls, d)
		}
	}
	addReorderFixes(pkg, decls, sizes.wordSize)
	layouts := make([]StructLayout, 0, len(decls))
	for _, d := range decls {
		layouts = append(layouts, *d.layout)
	}
	return layouts
}

// structDeclsIn lists the file's non-generic named struct types, in source order (nested ones too).
func structDeclsIn(file *ast.File, info *types.Info) []*structDecl {
	var decls []*structDecl
	var genDecl *ast.GenDecl
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			genDecl = n
		case *ast.TypeSpec:
			syntax, ok := n.Type.(*ast.StructType)
			if !ok || n.Assign.IsValid() || n.TypeParams != nil {
				return true
			}
			obj, _ := info.Defs[n.Name].(*types.TypeName)
			if obj == nil {
				return true
			}
			named, ok := obj.Type().(*types.Named)
			if !ok {
				return true
			}
			if _, ok := named.Underlying().(*types.Struct); ok {
				decls = append(decls, &structDecl{file: file, decl: genDecl, spec: n, syntax: syntax, typ: named})
			}
		}
		return true
	})
	return decls
}

func layoutOf(d *structDecl, pkg *loadedPackage, sizes *gcSizes) *StructLayout {
	st := d.typ.Underlying().(*types.Struct)
	qualifier := types.RelativeTo(pkg.types)
	fieldTypes := make([]types.Type, st.NumFields())
	for i := range fieldTypes {
		fieldTypes[i] = st.Field(i).Type()
	}
	align := sizes.Alignof(d.typ)
	size, offsets := sizes.structLayout(fieldTypes, align)
	at := pkg.fset.Position(d.spec.Name.Pos())
	layout := &StructLayout{Name: d.spec.Name.Name, File: at.Filename, At: Position{at.Line, at.Column}, Size: size, Align: align}
	for i, t := range fieldTypes {
		end := size
		if i+1 < len(fieldTypes) {
			end = offsets[i+1]
		}
		fieldSize := sizes.Sizeof(t)
		layout.Fields = append(layout.Fields, FieldLayout{
			Name:     st.Field(i).Name(),
			Type:     types.TypeString(t, qualifier),
			Embedded: st.Field(i).Embedded(),
			Offset:   offsets[i],
			Size:     fieldSize,
			Align:    sizes.Alignof(t),
			Padding:  end - offsets[i] - fieldSize,
		})
	}

	// Units in source order; the syntax and the type agree on the fields, one unit per declaration.
	next := 0
	for _, field := range d.syntax.Fields.List {
		count := len(field.Names)
		if count == 0 {
			count = 1 // embedded
		}
		if next+count > len(fieldTypes) {
			break
		}
		t := fieldTypes[next]
		d.units = append(d.units, fieldUnit{field: field, first: next, count: count, zeroSize: sizes.Sizeof(t) == 0, align: sizes.Alignof(t)})
		next += count
	}
	if next != len(fieldTypes) {
		d.units = nil
		layout.OptimalSize = size
		return layout
	}
	// Zero-sized fields first (at the end they would cost a byte of padding), then by alignment,
	// largest first: with power-of-two alignments that leaves no padding between fields. Stable, so
	// fields of one alignment keep their order.
	d.ordered = append([]fieldUnit{}, d.units...)
	sort.SliceStable(d.ordered, func(i, j int) bool {
		a, b := d.ordered[i], d.ordered[j]
		if a.zeroSize != b.zeroSize {
			return a.zeroSize
		}
		return a.align > b.align
	})
	var ordered []types.Type
	for _, u := range d.ordered {
		for k := 0; k < u.count; k++ {
			ordered = append(ordered, fieldTypes[u.first+k])
			layout.OptimalOrder = append(layout.OptimalOrder, st.Field(u.first+k).Name())
		}
	}
	layout.OptimalSize, _ = sizes.structLayout(ordered, align)
	return layout
}

var layoutComment = regexp.MustCompile(`(?m)^layout\b`)

// keepReason says why a struct's layout must stay as written, or "" when it may change.
func keepReason(d *structDecl, pkg *loadedPackage, offsetofTypes map[*types.TypeName]bool) string {
	st := d.typ.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		if named, ok := st.Field(i).Type().(*types.Named); ok && named.Obj().Name() == "HostLayout" && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "structs" {
			return "structs.HostLayout"
		}
	}
	if pkg.cgo {
		return "cgo"
	}
	groups := []*ast.CommentGroup{d.spec.Doc, d.spec.Comment}
	if d.decl != nil {
		groups = append(groups, d.decl.Doc)
	}
	for _, group := range d.file.Comments {
		if group.Pos() > d.syntax.Fields.Opening && group.End() < d.syntax.Fields.Closing {
			groups = append(groups, group)
		}
	}
	for _, group := range groups {
		if group != nil && layoutComment.MatchString(group.Text()) {
			return "layout comment"
		}
	}
	if offsetofTypes[d.typ.Obj()] {
		return "unsafe.Offsetof"
	}
	return ""
}

// typesUsedWithOffsetof finds the struct types whose field offsets the package reads with
// unsafe.Offsetof: the selector's receiver type and every struct on the way to a promoted field.
func typesUsedWithOffsetof(pkg *loadedPackage) map[*types.TypeName]bool {
	used := map[*types.TypeName]bool{}
	mark := func(t types.Type) types.Type {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if named, ok := t.(*types.Named); ok {
			used[named.Obj()] = true
		}
		return t
	}
	for _, file := range pkg.files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 || !isUnsafeOffsetof(call.Fun, pkg.info) {
				return true
			}
			sel, ok := unparen(call.Args[0]).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			selection := pkg.info.Selections[sel]
			if selection == nil {
				return true
			}
			t := mark(selection.Recv())
			index := selection.Index()
			for _, i := range index[:len(index)-1] {
				st, ok := t.Underlying().(*types.Struct)
				if !ok || i >= st.NumFields() {
					break
				}
				t = mark(st.Field(i).Type())
			}
			return true
		})
	}
	return used
}

func isUnsafeOffsetof(fun ast.Expr, info *types.Info) bool {
	var ident *ast.Ident
	switch f := unparen(fun).(type) {
	case *ast.SelectorExpr:
		ident = f.Sel
	case *ast.Ident:
		ident = f
	default:
		return false
	}
	builtin, ok := info.Uses[ident].(*types.Builtin)
	return ok && builtin.Name() == "Offsetof"
}

// position of a token.Pos as the compiler prints it.
func positionOf(fset *token.FileSet, pos token.Pos) Position {
	p := fset.Position(pos)
	return Position{p.Line, p.Column}
}

// unparen is ast.Unparen, which arrived in Go 1.22.
func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}
