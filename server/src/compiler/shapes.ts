/**
 * Generic code is compiled once per GC shape: the compiler prints a fact of a generic function once
 * per shape, naming the shape in the subject (`&Box[go.shape.int]{...}`, go1.19: `go.shape.int_0`).
 * These read shape types out of such text so the copies fold into one fact per source site.
 */

const SHAPE_PREFIX = 'go.shape.';

/** The shape types named in `text`, in order (`int`, `string`, `struct { a int }`, `*uint8`). */
export function shapesIn(text: string): string[] {
  const shapes: string[] = [];
  for (let at = text.indexOf(SHAPE_PREFIX); at !== -1; ) {
    const end = shapeEnd(text, at + SHAPE_PREFIX.length);
    shapes.push(text.slice(at + SHAPE_PREFIX.length, end).replace(/_\d+$/, '')); // go1.19 numbers them: `int_0`
    at = text.indexOf(SHAPE_PREFIX, end);
  }
  return shapes;
}

/** `text` with every shape type replaced by `placeholder` (or what it makes of the shape): the same for every instantiation of one site. */
export function shapeNeutral(text: string, placeholder: string | ((shape: string) => string) = 'T'): string {
  if (!text.includes(SHAPE_PREFIX)) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf(SHAPE_PREFIX); at !== -1; at = text.indexOf(SHAPE_PREFIX, from)) {
    const end = shapeEnd(text, at + SHAPE_PREFIX.length);
    out += text.slice(from, at) + (typeof placeholder === 'string' ? placeholder : placeholder(text.slice(at + SHAPE_PREFIX.length, end).replace(/_\d+$/, '')));
    from = end;
  }
  return out + text.slice(from);
}

/** Where a shape type starting at `start` ends: at a `,` or a closing bracket outside its own brackets. */
function shapeEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    // A brace belongs to the type only after `struct`/`interface`; otherwise it opens a composite literal (`go.shape.[]string{}`).
    if (c === '{' && depth === 0 && !/(struct|interface) ?$/.test(text.slice(start, i))) return i;
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if ((c === ',' || c === ' ') && depth === 0) {
      // `go.shape.struct { a int }` holds a space inside braces only; a space outside ends the type.
      if (c === ',' || !text.startsWith('{', i + 1)) return i;
    }
  }
  return text.length;
}
