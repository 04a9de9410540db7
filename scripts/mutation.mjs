// Mutation testing of the pure core: one Stryker run per folder (stryker.conf.mjs), then the score table.
// Usage: node scripts/mutation.mjs [folder...]        run those folders (default: all), print the table
//        node scripts/mutation.mjs syntax:anchor.ts,textPositions.ts
//                                                    only those files of a folder (a partial run: the table says so)
//        node scripts/mutation.mjs --table [--survivors] [folder...]
//                                                    only print the table from reports/mutation/*.json
//        --force: ignore the incremental results and test every mutant again
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MUTATED_FOLDERS } from '../stryker.conf.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const named = args.filter((a) => !a.startsWith('--')).map((a) => a.split(':')[0]);
const onlyFiles = new Map(args.filter((a) => a.includes(':')).map((a) => [a.split(':')[0], a.split(':')[1]]));
const unknown = named.filter((f) => !MUTATED_FOLDERS.includes(f));
if (unknown.length > 0) {
  console.error(`unknown folder(s): ${unknown.join(', ')}; the mutated folders are ${MUTATED_FOLDERS.join(', ')}`);
  process.exit(2);
}
const folders = named.length > 0 ? named : MUTATED_FOLDERS;

if (!flags.has('--table')) {
  for (const folder of folders) {
    console.log(`\n=== mutating server/src/${folder} ===`);
    const strykerArgs = ['stryker', 'run', 'stryker.conf.mjs', ...(flags.has('--force') ? ['--force'] : [])];
    const env = { ...process.env, GEH_MUTATE_FOLDER: folder, GEH_MUTATE_FILES: onlyFiles.get(folder) ?? '', FUZZ_SEED: process.env.FUZZ_SEED ?? '1' };
    const run = spawnSync('npx', strykerArgs, { cwd: root, stdio: 'inherit', env });
    if (run.status !== 0) console.error(`stryker failed for ${folder} (exit ${run.status}); its row below is from the last report, if any`);
  }
}

printTable(folders, flags.has('--survivors'));

/** Stryker's statuses: detected = killed or timed out; valid = all but compile/runtime errors and ignored. */
function printTable(folders, survivors) {
  const rows = [];
  for (const folder of folders) {
    const file = path.join(root, 'reports/mutation', `${folder}.json`);
    if (!fs.existsSync(file)) {
      rows.push({ folder, missing: true });
      continue;
    }
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    const inFolder = fs.readdirSync(path.join(root, 'server/src', folder)).filter((f) => f.endsWith('.ts')).length;
    const mutated = Object.keys(report.files).filter((name) => name.replace(/\\/g, '/').includes(`server/src/${folder}/`)).length;
    const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
    const left = [];
    for (const [name, { mutants }] of Object.entries(report.files)) {
      if (!name.replace(/\\/g, '/').includes(`server/src/${folder}/`)) continue;
      for (const m of mutants) {
        count[m.status] = (count[m.status] ?? 0) + 1;
        if (m.status === 'Survived' || m.status === 'NoCoverage') left.push(`${name}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')}`);
      }
    }
    const detected = count.Killed + count.Timeout;
    const valid = detected + count.Survived + count.NoCoverage;
    rows.push({ folder, files: `${mutated}/${inFolder}`, ...count, valid, score: valid ? (100 * detected) / valid : NaN, date: fs.statSync(file).mtime.toISOString().slice(0, 10), left });
  }
  const header = ['folder', 'files', 'score', 'killed', 'timeout', 'survived', 'no cov', 'errors', 'report'];
  const lines = rows.map((r) =>
    r.missing
      ? [r.folder, '', '—', '', '', '', '', '', 'no report']
      : [r.folder, r.files, `${r.score.toFixed(1)}%`, r.Killed, r.Timeout, r.Survived, r.NoCoverage, r.CompileError + r.RuntimeError, r.date],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const format = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\nmutation score per folder (goal ≥ 85%)\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const l of lines) console.log(format(l));
  if (survivors) for (const r of rows) if (r.left?.length) console.log(`\n${r.folder}: ${r.left.length} left\n  ${r.left.join('\n  ')}`);
}
