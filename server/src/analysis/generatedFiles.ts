import * as fs from 'fs';

const HEAD_BYTES = 16 * 1024;
/** Go's convention (https://go.dev/s/generatedcode): a line `// Code generated … DO NOT EDIT.` before the package clause. */
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

/**
 * Whether a Go file says it is generated. Pitfalls are advice on code people write, so the CLI does
 * not look for them in generated files (as Go linters do), and it parses such a file only when the
 * compiler reported on it: generated tables can be most of a module's bytes.
 */
export function isGeneratedGoFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const head = buffer.toString('utf8', 0, read);
    const packageClause = /^package\s/m.exec(head);
    return GENERATED.test(packageClause ? head.slice(0, packageClause.index) : head);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
