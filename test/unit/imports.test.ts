import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { importEdit } from '../../server/src/pitfalls/imports';
import { GoParser } from '../../server/src/syntax/goParser';
import { applyEdits } from '../helpers/textEdits';

describe('import edits stay gofmt-clean', () => {
  let parser: GoParser;
  before(async () => {
    parser = await GoParser.load();
  });
  const edit = (text: string, add: string[], remove: string[] = []) => {
    const tree = parser.parse(text);
    try {
      const change = importEdit(tree.rootNode, add, remove);
      return change ? applyEdits(text, [change]) : text;
    } finally {
      tree.delete();
    }
  };

  it('adds an import to a file without imports', () => {
    assert.equal(edit('package p\n\nfunc f() {}\n', ['bytes']), 'package p\n\nimport "bytes"\n\nfunc f() {}\n');
  });

  it('turns a single import into a sorted block', () => {
    assert.equal(edit('package p\n\nimport "fmt"\n', ['bytes']), 'package p\n\nimport (\n\t"bytes"\n\t"fmt"\n)\n');
  });

  it('adds into the first group in order, keeping other groups, aliases and comments', () => {
    const text = 'package p\n\nimport (\n\t"fmt" // printing\n\t"os"\n\n\tx "example.com/x"\n)\n';
    assert.equal(edit(text, ['strconv']), 'package p\n\nimport (\n\t"fmt" // printing\n\t"os"\n\t"strconv"\n\n\tx "example.com/x"\n)\n');
  });

  it('replaces an import that is no longer used', () => {
    assert.equal(edit('package p\n\nimport "fmt"\n', ['strconv'], ['fmt']), 'package p\n\nimport "strconv"\n');
    assert.equal(edit('package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n', [], ['fmt']), 'package p\n\nimport "os"\n');
  });

  it('does nothing when the import is already there', () => {
    assert.equal(edit('package p\n\nimport "bytes"\n', ['bytes']), 'package p\n\nimport "bytes"\n');
  });
});
