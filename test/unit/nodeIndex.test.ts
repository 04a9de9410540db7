import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GoParser } from '../../server/src/syntax/goParser';
import { INDEXED_TYPES, nodesOfType } from '../../server/src/syntax/nodeIndex';

describe('the per-tree node index', () => {
  it('compiles its query and captures every indexed type, in source order, per tree', async () => {
    const text = `package p

import "fmt"

type A = int
type S struct{ f []*int }

func f(xs []int) (n int) {
	var v = xs[1:]
	for _, x := range v {
		if x > 1 {
			continue
		}
		if x > 2 {
			break
		}
		goto done
	}
done:
	s := S{f: nil}
	s.f = s.f[1:]
	fmt.Println(func() int { return len(xs) }())
	return n
}
`;
    const parser = await GoParser.load();
    const tree = parser.parse(text);
    try {
      for (const type of INDEXED_TYPES) {
        const nodes = nodesOfType(tree, type);
        assert.ok(nodes.length > 0, `captures ${type}`);
        assert.ok(nodes.every((n) => n.type === type));
        assert.deepEqual(nodes.map((n) => n.startIndex), [...nodes.map((n) => n.startIndex)].sort((a, b) => a - b));
      }
      const other = parser.parse('package q\n');
      assert.equal(nodesOfType(other, 'call_expression').length, 0, 'each tree has its own index');
      other.delete();
    } finally {
      tree.delete();
    }
  });
});
