import * as fs from 'fs';
import * as path from 'path';

/** The repository root (tests run from build/tsc/test/…). */
export const REPO_ROOT = findRoot(__dirname);
export const TESTDATA = path.join(REPO_ROOT, 'test/testdata');
export const RECORDED_OUTPUT = path.join(REPO_ROOT, 'test/fixtures/compiler-output');
export const CLI = path.join(REPO_ROOT, 'server/out/cli.js');
export const SERVER = path.join(REPO_ROOT, 'server/out/server.js');

function findRoot(start: string): string {
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
  }
  throw new Error(`repository root not found above ${start}`);
}

/** Recorded `-m=2` outputs: one folder per Go version (see scripts/record-compiler-output.sh). */
export function recordedVersions(): string[] {
  return fs.readdirSync(RECORDED_OUTPUT).filter((d) => d.startsWith('go')).sort();
}

export function readRecorded(version: string, name: string): string {
  return fs.readFileSync(path.join(RECORDED_OUTPUT, version, `${name}.txt`), 'utf8');
}

export function recordedMeta(version: string): { goroot?: string; packages: Record<string, { dir: string; goroot?: string }> } {
  return JSON.parse(fs.readFileSync(path.join(RECORDED_OUTPUT, version, 'meta.json'), 'utf8'));
}

/** Copies a fixture module to a fresh temporary directory so tests can edit it. */
export function copyFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(require('os').tmpdir(), `geh-${name}-`));
  fs.cpSync(path.join(TESTDATA, name), target, { recursive: true });
  return target;
}
