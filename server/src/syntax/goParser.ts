import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser, Tree } from 'web-tree-sitter';

export type { Tree, Node as SyntaxNode, Point } from 'web-tree-sitter';

/**
 * The one owner of web-tree-sitter: initialised once per process, one parser reused.
 * Trees are WASM memory and are not garbage-collected: callers `.delete()` them.
 */
export class GoParser {
  private constructor(private readonly parser: Parser) {}

  private static loading: Promise<GoParser> | undefined;

  static load(): Promise<GoParser> {
    GoParser.loading ??= GoParser.create();
    return GoParser.loading;
  }

  private static async create(): Promise<GoParser> {
    const runtimeWasm = findWasm('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
    const language = await Language.load(findWasm('tree-sitter-go.wasm', 'tree-sitter-go/tree-sitter-go.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return new GoParser(parser);
  }

  /** Parses `text`; with `oldTree` (already `.edit()`ed) the parse is incremental. */
  parse(text: string, oldTree?: Tree): Tree {
    const tree = this.parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}

/** The bundles carry the .wasm files beside them; from sources (tests) they come from node_modules. */
function findWasm(fileName: string, modulePath: string): string {
  const beside = path.join(__dirname, fileName);
  return fs.existsSync(beside) ? beside : require.resolve(modulePath);
}
