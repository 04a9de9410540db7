import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runProcess } from '../../server/src/go/runProcess';
import type { GoToolchain } from '../../server/src/go/toolchain';

/** One diagnostic the compiler wrote with `-gcflags=-json=0,DIR` (line and character are 1-based, bytes). */
export interface OracleDiagnostic {
  file: string;
  line: number;
  character: number;
  code: string;
  message: string;
}

/**
 * Runs the compiler's structured twin of `-m`: `go build -gcflags=-json=0,DIR`. Side-effect files are not
 * replayed from the build cache, but DIR is part of the flags and so of the cache key: a fresh DIR recompiles.
 */
export async function compilerJsonDiagnostics(go: GoToolchain, dir: string): Promise<OracleDiagnostic[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'geh-json-'));
  try {
    const result = await runProcess(go.goPath, ['build', `-gcflags=-json=0,${out}`, '-o', os.devNull, '.'], { cwd: dir, env: go.env, timeoutMs: 300_000 });
    if (result.exitCode !== 0) throw new Error(`go build -json failed in ${dir}: ${result.stderr}`);
    const diagnostics: OracleDiagnostic[] = [];
    for (const pkgDir of fs.readdirSync(out)) {
      for (const name of fs.readdirSync(path.join(out, pkgDir))) {
        const lines = fs.readFileSync(path.join(out, pkgDir, name), 'utf8').split('\n').filter(Boolean);
        const header = JSON.parse(lines[0]) as { file: string };
        for (const line of lines.slice(1)) {
          const d = JSON.parse(line) as { range: { start: { line: number; character: number } }; code: string; message: string };
          diagnostics.push({ file: header.file, line: d.range.start.line, character: d.range.start.character, code: d.code, message: d.message });
        }
      }
    }
    return diagnostics;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
