import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SyntaxNode, Tree } from '../../server/src/syntax/goParser';
import { GoParser } from '../../server/src/syntax/goParser';
import {
  declaredType,
  declaredTypeName,
  enclosingFunction,
  enclosingLoop,
  enclosingStatement,
  findAll,
  freshName,
  importNames,
  indentOf,
  isPackageCall,
  packageName,
  rootOf,
} from '../../server/src/syntax/goSyntax';
import { LineIndex } from '../../server/src/syntax/textPositions';

const SOURCE = `package shapes

import (
	"fmt"
	t "time"
	. "strings"
	_ "embed"
	"example.com/deep/path/v2"
)

type Point struct{ X, Y int }

var global = Point{1, 2}
var typed []string
var made = make(map[string]int, 4)

func Use(ids []int64, m map[string]*Point, label string, rest ...byte) (count int) {
	local := make([]Point, 0, 4)
	var n MyID
	p, q := Point{}, new(Point)
	for i, id := range ids {
		_ = i + int(id)
		for key, value := range m {
			_, _ = key, value
		}
	}
	for j := range 10 {
		_ = j
	}
	for k := range label {
		_ = k
	}
	for _, r := range rest {
		_ = r
	}
	go func() {
		inner := 1
		_ = inner + n
	}()
	fmt.Println(t.Now(), local, p, q, typed, made, global)
	v2.Do()
	return
}

type MyID int
`;

describe('Go syntax helpers on a parsed file', () => {
  let tree: Tree;
  let root: SyntaxNode;
  before(async () => {
    tree = (await GoParser.load()).parse(SOURCE);
    root = tree.rootNode;
  });
  after(() => tree.delete());

  /** The identifier `name` on the first line containing `line`. */
  const identifier = (name: string, line: string): SyntaxNode => {
    const lines = SOURCE.split('\n');
    const exact = lines.findIndex((l) => l.trim() === line);
    const row = exact >= 0 ? exact : lines.findIndex((l) => l.includes(line));
    assert.ok(row >= 0, line);
    const found = findAll(root, 'identifier', (n) => n.text === name && n.startPosition.row === row)[0];
    assert.ok(found, `${name} on "${line}"`);
    return found;
  };
  const typeOf = (name: string, line: string) => declaredType(name, identifier(name, line))?.text;

  it('reads the package name and the names imports are used under', () => {
    assert.equal(packageName(root), 'shapes');
    assert.deepEqual([...importNames(root)], [
      ['fmt', 'fmt'],
      ['time', 't'],
      ['example.com/deep/path/v2', 'v2'],
    ]);
  });

  it('knows a call of an imported package\'s function', () => {
    const calls = findAll(root, 'call_expression');
    const now = calls.find((c) => c.text === 't.Now()')!;
    assert.equal(isPackageCall(now, 't', 'Now'), true);
    assert.equal(isPackageCall(now, 'time', 'Now'), false);
    assert.equal(isPackageCall(now, 't', 'Since'), false);
    assert.equal(isPackageCall(now, undefined, 'Now'), false);
    assert.equal(isPackageCall(now.childForFieldName('function')!, 't', 'Now'), false, 'only a call');
    const made = calls.find((c) => c.text.startsWith('make([]Point'))!;
    assert.equal(isPackageCall(made, 'make', 'make'), false, 'a builtin is no package call');
  });

  it('finds nodes of several types in source order, within a scope', () => {
    const fn = enclosingFunction(identifier('local', 'local := make'))!;
    const found = findAll(fn, ['for_statement', 'short_var_declaration']).map((n) => n.startPosition.row);
    assert.deepEqual(found, [...found].sort((a, b) => a - b));
    assert.equal(findAll(fn, 'for_statement').length, 5);
    assert.equal(findAll(root, 'var_spec', (n) => !enclosingFunction(n)).length, 3);
  });

  it('knows the loop whose body holds a node, and not the loop of another function', () => {
    const key = identifier('key', '_, _ = key');
    assert.equal(enclosingLoop(key)!.text.startsWith('for key, value'), true);
    const idUse = identifier('id', '_ = i + int(id)');
    assert.equal(enclosingLoop(idUse)!.text.startsWith('for i, id'), true);
    assert.equal(enclosingLoop(identifier('local', 'local := make')), undefined);
    assert.equal(enclosingLoop(identifier('ids', 'for i, id := range ids')), undefined, 'the range expression is not in the body');
    assert.equal(enclosingLoop(identifier('inner', 'inner := 1')), undefined);
  });

  it('finds the function, the statement and the root of a node, and a line\'s indent', () => {
    const inner = identifier('inner', 'inner := 1');
    assert.equal(enclosingFunction(inner)!.type, 'func_literal');
    assert.equal(enclosingFunction(enclosingFunction(inner)!)!.type, 'function_declaration');
    assert.equal(enclosingStatement(inner)!.text, 'inner := 1');
    assert.ok(rootOf(inner).equals(root));
    const lines = new LineIndex(SOURCE);
    assert.equal(indentOf(lines, inner.startPosition.row), '\t\t');
    assert.equal(indentOf(lines, 0), '');
  });

  it('reads the declared type of parameters, results, vars and := of literals and make', () => {
    assert.equal(typeOf('ids', 'for i, id := range ids'), '[]int64');
    assert.equal(typeOf('count', 'func Use'), 'int');
    assert.equal(typeOf('local', 'fmt.Println'), '[]Point');
    assert.equal(typeOf('n', '_ = inner + n'), 'MyID');
    assert.equal(typeOf('p', 'fmt.Println'), 'Point');
    assert.equal(typeOf('q', 'fmt.Println'), undefined, 'new(T) is a pointer');
    assert.equal(typeOf('typed', 'fmt.Println'), '[]string');
    assert.equal(typeOf('made', 'fmt.Println'), 'map[string]int');
    assert.equal(typeOf('global', 'fmt.Println'), 'Point');
    assert.equal(typeOf('rest', 'for _, r := range rest'), undefined, 'a variadic parameter is a slice no node spells');
    assert.equal(typeOf('label', 'for k := range label'), 'string');
  });

  it('reads the type of range variables over declared slices and maps', () => {
    assert.equal(typeOf('id', '_ = i + int(id)'), 'int64');
    assert.equal(typeOf('i', '_ = i + int(id)'), undefined, 'a slice index is an int no node spells');
    assert.equal(typeOf('key', '_, _ = key'), 'string');
    assert.equal(typeOf('value', '_, _ = key'), '*Point');
    assert.equal(typeOf('r', '_ = r'), undefined);
  });

  it('names the type of a plain named type, and int for range indexes', () => {
    assert.equal(declaredTypeName('n', identifier('n', '_ = inner + n')), 'MyID');
    assert.equal(declaredTypeName('i', identifier('i', '_ = i + int(id)')), 'int');
    assert.equal(declaredTypeName('j', identifier('j', '_ = j')), 'int', 'range over an integer (Go 1.22)');
    assert.equal(declaredTypeName('k', identifier('k', '_ = k')), 'int', 'range over a string');
    assert.equal(declaredTypeName('key', identifier('key', '_, _ = key')), 'string');
    assert.equal(declaredTypeName('id', identifier('id', '_ = i + int(id)')), 'int64');
    assert.equal(declaredTypeName('local', identifier('local', 'fmt.Println')), undefined, 'a slice type has no plain name');
    assert.equal(declaredTypeName('value', identifier('value', '_, _ = key')), undefined, 'a pointer type has no plain name');
  });

  it('picks a name not used in the scope', () => {
    const fn = enclosingFunction(identifier('local', 'local := make'))!;
    assert.equal(freshName('ticker', fn), 'ticker');
    assert.equal(freshName('local', fn), 'local2');
    const text = 'package p\nfunc f() { x, x2, x3 := 1, 2, 3; _, _, _ = x, x2, x3 }\n';
    return GoParser.load().then((parser) => {
      const t = parser.parse(text);
      try {
        assert.equal(freshName('x', t.rootNode), 'x4');
      } finally {
        t.delete();
      }
    });
  });
});
