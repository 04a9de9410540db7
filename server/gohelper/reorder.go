package main

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
)

// addReorderFixes gives each struct whose reordering saves at least a word (and whose layout may
// change) the edit that reorders its fields. Each field moves with its doc comment, its line
// comment, its tag and any free comment above it. The rewritten file is run through gofmt (columns
// of names, types and comments change with the order) and only the struct's braces are taken back,
// so nothing else in the file is touched.
func addReorderFixes(pkg *loadedPackage, decls []*structDecl, wordSize int64) {
	byFile := map[*ast.File][]*structDecl{}
	for _, d := range decls {
		if d.layout.Keep == "" && d.ordered != nil && d.layout.Size-d.layout.OptimalSize >= wordSize {
			byFile[d.file] = append(byFile[d.file], d)
		}
	}
	for file, candidates := range byFile {
		name := pkg.fset.Position(file.Pos()).Filename
		src := pkg.sources[name]
		if src == nil {
			continue
		}
		reorderInFile(pkg.fset, file, src, candidates)
	}
}

// replacement is a rewritten struct body: src[start:end] (from `{` to `}` inclusive) becomes text.
type replacement struct {
	decl       *structDecl
	start, end int
	text       []byte
}

func reorderInFile(fset *token.FileSet, file *ast.File, src []byte, candidates []*structDecl) {
	tokFile := fset.File(file.Pos())
	var replacements []replacement
	for _, d := range candidates {
		if r, ok := reorderedBody(tokFile, src, d); ok {
			replacements = append(replacements, r)
		}
	}
	if len(replacements) == 0 {
		return
	}
	sort.Slice(replacements, func(i, j int) bool { return replacements[i].start < replacements[j].start })
	var rewritten bytes.Buffer
	last := 0
	for _, r := range replacements {
		rewritten.Write(src[last:r.start])
		rewritten.Write(r.text)
		last = r.end
	}
	rewritten.Write(src[last:])
	formatted, err := format.Source(rewritten.Bytes())
	if err != nil {
		return
	}
	// Take each struct's braces back from the formatted file: the n-th struct type there is the
	// n-th here (the rewrite moved fields within structs only).
	formattedSet := token.NewFileSet()
	formattedFile, err := parser.ParseFile(formattedSet, "", formatted, parser.ParseComments)
	if err != nil {
		return
	}
	before := structTypesIn(file)
	after := structTypesIn(formattedFile)
	if len(before) != len(after) {
		return
	}
	formattedTok := formattedSet.File(formattedFile.Pos())
	for _, r := range replacements {
		for i, st := range before {
			if st != r.decl.syntax {
				continue
			}
			body := formatted[formattedTok.Offset(after[i].Fields.Opening) : formattedTok.Offset(after[i].Fields.Closing)+1]
			r.decl.layout.Reorder = &Edit{
				Start:   positionOf(fset, r.decl.syntax.Fields.Opening),
				End:     positionOf(fset, r.decl.syntax.Fields.Closing+1),
				NewText: string(body),
			}
		}
	}
}

func structTypesIn(file *ast.File) []*ast.StructType {
	var all []*ast.StructType
	ast.Inspect(file, func(n ast.Node) bool {
		if spec, ok := n.(*ast.TypeSpec); ok {
			if st, ok := spec.Type.(*ast.StructType); ok {
				all = append(all, st)
			}
		}
		return true
	})
	return all
}

// reorderedBody cuts the field list into one chunk of whole lines per field (the free comments and
// blank lines above it, its doc comment, the field, its line comment) and puts the chunks in the
// optimal order. Blank lines are dropped: the groups they made do not survive a reordering. A
// struct written with several fields on one line, or a field on a brace's line, is left alone.
func reorderedBody(tokFile *token.File, src []byte, d *structDecl) (replacement, bool) {
	fields := d.syntax.Fields
	open := tokFile.Offset(fields.Opening)
	closing := tokFile.Offset(fields.Closing)
	lineOf := func(pos token.Pos) int { return tokFile.Line(pos) }
	previousLine := lineOf(fields.Opening)
	for _, u := range d.units {
		start := u.field.Pos()
		if u.field.Doc != nil {
			start = u.field.Doc.Pos()
		}
		if lineOf(start) <= previousLine {
			return replacement{}, false
		}
		previousLine = lineOf(unitEnd(u.field))
	}
	if lineOf(fields.Closing) <= previousLine || !onlySpaceBefore(src, closing) {
		return replacement{}, false
	}

	bodyStart := lineEndAfter(src, open) + 1
	chunks := map[*ast.Field][]byte{}
	chunkStart := bodyStart
	for _, u := range d.units {
		end := lineEndAfter(src, tokFile.Offset(unitEnd(u.field))) + 1
		chunks[u.field] = withoutBlankLines(src[chunkStart:end])
		chunkStart = end
	}
	closingLine := lineStartBefore(src, closing)
	var body bytes.Buffer
	body.Write(src[open:bodyStart])
	for _, u := range d.ordered {
		body.Write(chunks[u.field])
	}
	body.Write(withoutBlankLines(src[chunkStart:closingLine]))
	body.Write(src[closingLine : closing+1])
	return replacement{decl: d, start: open, end: closing + 1, text: body.Bytes()}, true
}

// unitEnd is where a field's text ends: its line comment, or the field (with its tag).
func unitEnd(field *ast.Field) token.Pos {
	if field.Comment != nil {
		return field.Comment.End()
	}
	return field.End()
}

// lineEndAfter is the offset of the line break ending the line that holds offset (or len(src)).
func lineEndAfter(src []byte, offset int) int {
	if i := bytes.IndexByte(src[offset:], '\n'); i >= 0 {
		return offset + i
	}
	return len(src)
}

// lineStartBefore is the offset where the line holding offset starts.
func lineStartBefore(src []byte, offset int) int {
	return bytes.LastIndexByte(src[:offset], '\n') + 1
}

func onlySpaceBefore(src []byte, offset int) bool {
	return len(bytes.TrimSpace(src[lineStartBefore(src, offset):offset])) == 0
}

func withoutBlankLines(text []byte) []byte {
	var kept []byte
	for _, line := range bytes.SplitAfter(text, []byte("\n")) {
		if len(bytes.TrimSpace(line)) > 0 {
			kept = append(kept, line...)
		}
	}
	return kept
}
