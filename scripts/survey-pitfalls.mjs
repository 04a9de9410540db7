#!/usr/bin/env node
// Runs every pitfall over real modules, as the language server would on each open file, and prints
// each finding (`file:line code: message`) and a count per pitfall. Used to hunt false warnings:
//   npx tsc -b && node scripts/survey-pitfalls.mjs DIR...   (module roots or package dirs; ./... of each)
// Third-party modules come from the Go module proxy, e.g. `go mod download -json go.uber.org/zap@v1.27.0`.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const load = (m) => require(path.join(root, 'build/tsc/server/src', m));
const { analyzePackage } = load('analysis/analyzePackage.js');
const { anchorFacts } = load('analysis/anchoredFacts.js');
const { findToolchain, parseGoDirective } = load('go/toolchain.js');
const { GoParser } = load('syntax/goParser.js');
const { LineIndex } = load('syntax/textPositions.js');
const { packageName } = load('syntax/goSyntax.js');
const { trackFacts } = load('workspace/trackedFacts.js');
const { detectPitfalls, PITFALL_CODES } = load('pitfalls/index.js');

const found = await findToolchain({ env: { GOTOOLCHAIN: 'local' } });
if (!found.ok) throw new Error(found.error.message);
const go = found.value;
const parser = await GoParser.load();
const enabled = Object.fromEntries(PITFALL_CODES.map((c) => [c, true]));
const counts = Object.fromEntries(PITFALL_CODES.map((c) => [c, 0]));
let files = 0;
for (const target of process.argv.slice(2)) {
  const dirs = execFileSync(go.goPath, ['list', '-f', '{{.Dir}}', './...'], { cwd: target, encoding: 'utf8', env: go.env }).split('\n').filter(Boolean);
  const goMod = fs.readFileSync(path.join(target, 'go.mod'), 'utf8');
  const goVersion = parseGoDirective(/^go (\S+)/m.exec(goMod)?.[1]);
  for (const dir of dirs) {
    const result = await analyzePackage(go, dir);
    if (!result.ok) {
      console.error(`skip ${dir}: ${result.error.message}`);
      continue;
    }
    const texts = new Map(result.value.files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    for (const [file, text] of texts) {
      files++;
      const syntax = { tree: parser.parse(text), lines: new LineIndex(text) };
      try {
        const anchored = anchorFacts(result.value.factsIn(file), () => syntax);
        const tracked = trackFacts(anchored, file, syntax, () => undefined);
        const context = {
          file, syntax, facts: tracked, packageName: packageName(syntax.tree.rootNode), isTestFile: false, goVersion,
          mentionedInOtherFiles: (name) => [...texts].some(([other, t]) => other !== file && new RegExp(`\\b${name}\\b`).test(t)),
        };
        for (const finding of detectPitfalls(context, enabled, (m) => console.error(m))) {
          counts[finding.code]++;
          console.log(`${path.relative(target, file)}:${finding.range.start.line + 1} ${finding.code}: ${finding.message.split('\n')[0]}`);
        }
      } finally {
        syntax.tree.delete();
      }
    }
  }
}
console.log(`# ${files} files: ${Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ')}`);
