/**
 * Go symbol names as profiles print them → the top-level declaration they belong to.
 *
 *   example.com/p.Hot            → Hot
 *   example.com/p.(*T).Write     → (*T).Write
 *   example.com/p.T.String       → T.String
 *   example.com/p.Hot.func1.2    → Hot, inside a closure
 *   example.com/p.Map[...]       → Map (generic instantiations share the source)
 */
export interface GoSymbol {
  packagePath: string;
  /** The declaration's key, as `declarationKey` spells it for the source. */
  declaration: string;
  /** A closure (`func1`, `gowrap1`, `deferwrap1`, nested `1`) inside the declaration. */
  closure: boolean;
}

const CLOSURE_SUFFIX = /^(?:func\d+|gowrap\d+|deferwrap\d+|\d+)$/;

export function parseGoSymbol(name: string): GoSymbol | undefined {
  const plain = withoutTypeArguments(name);
  if (plain.endsWith('-fm')) return undefined; // a method value's wrapper: no source of its own
  const lastSlash = plain.lastIndexOf('/');
  const dot = plain.indexOf('.', lastSlash + 1);
  if (dot <= 0) return undefined;
  const packagePath = plain.slice(0, dot);
  const tokens = splitOutsideParens(plain.slice(dot + 1));
  if (tokens.length === 0 || tokens.some((t) => t === '')) return undefined; // `glob..func1` and other compiler names
  let declaration: string;
  let rest: string[];
  if (tokens[0].startsWith('(')) {
    if (tokens.length < 2) return undefined;
    declaration = `${tokens[0]}.${tokens[1]}`;
    rest = tokens.slice(2);
  } else if (tokens.length >= 2 && !CLOSURE_SUFFIX.test(tokens[1])) {
    declaration = `${tokens[0]}.${tokens[1]}`;
    rest = tokens.slice(2);
  } else {
    declaration = tokens[0];
    rest = tokens.slice(1);
  }
  if (!rest.every((t) => CLOSURE_SUFFIX.test(t))) return undefined;
  return { packagePath, declaration, closure: rest.length > 0 };
}

function withoutTypeArguments(name: string): string {
  if (!name.includes('[')) return name;
  let out = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

function splitOutsideParens(text: string): string[] {
  const tokens: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '.' && depth === 0) {
      tokens.push(text.slice(start, i));
      start = i + 1;
    }
  }
  tokens.push(text.slice(start));
  return tokens;
}
