// StrykerJS configuration for the pure core (see DEVELOPERS.md, "Mutation testing").
// `npm run test:mutation` runs scripts/mutation.mjs, which runs Stryker once per folder with
// GEH_MUTATE_FOLDER set, so each run mutates one folder and only the fast unit tests run.
// Run one folder by hand: GEH_MUTATE_FOLDER=explain npx stryker run stryker.conf.mjs

import * as fs from 'fs';
import * as path from 'path';

const root = path.dirname(new URL(import.meta.url).pathname);

/** The folders of server/src that are mutated: pure code, tested without spawning `go`. */
export const MUTATED_FOLDERS = ['compiler', 'syntax', 'workspace', 'explain', 'pitfalls', 'classify'];

/**
 * The unit tests that never run `go` (recorded compiler output, tree-sitter on fixtures): fast enough
 * to run once per mutant. A test file that runs go or the CLI (these names in its text) is left out,
 * so a new fast test is picked up without editing this file. Per-test coverage (for the tap runner
 * one "test" is one file) then runs only the files that reach each mutant.
 */
const RUNS_GO = /\b(currentGo|allGos|goAt|analyzePackage|spawn|spawnSync|execFile|execFileSync|CLI)\b/;
export const FAST_UNIT_TESTS = fs
  .readdirSync(path.join(root, 'test/unit'))
  .filter((name) => name.endsWith('.test.ts') && !RUNS_GO.test(fs.readFileSync(path.join(root, 'test/unit', name), 'utf8')))
  .map((name) => name.replace(/\.test\.ts$/, ''))
  .sort();

/**
 * The test files aimed at each folder (by name). Every fast test reaches the parser and the anchor, so
 * running all that cover a mutant costs ten processes per mutant; on a shared 2-core machine a folder's
 * own tests are what fits. A new test file whose name matches joins its folder's run.
 */
export const FOLDER_TESTS = {
  compiler: /^(parser|compilerReport|compilerPositions|messages|fuzz)$/,
  syntax: /^(anchor\w*|textPositions|goSyntax|nodeIndex|unicodeColumns|imports)$/,
  workspace: /^(trackedFacts|session|unicodeColumns|diagnosticOrder)$/,
  explain: /^caus\w*$/,
  pitfalls: /^(pitfall\w*|imports|goSyntax)$/,
  classify: /^classif\w*$/i,
};

const folder = process.env.GEH_MUTATE_FOLDER;
const testNames = folder && FOLDER_TESTS[folder] ? FAST_UNIT_TESTS.filter((name) => FOLDER_TESTS[folder].test(name)) : FAST_UNIT_TESTS;
/** Optional: only these files of the folder (comma-separated names), for a partial run on a busy machine. */
const files = process.env.GEH_MUTATE_FILES?.split(',').filter(Boolean);
const mutate = folder ? (files?.length ? files.map((f) => `server/src/${folder}/${f}`) : [`server/src/${folder}/**/*.ts`]) : MUTATED_FOLDERS.map((f) => `server/src/${f}/**/*.ts`);
const reportName = folder ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate,
  testRunner: 'tap',
  tap: {
    // Node's test runner prints TAP when its output is not a terminal.
    testFiles: testNames.map((name) => `build/tsc/test/unit/${name}.test.js`),
    nodeArgs: [],
    forceBail: true,
  },
  // The tests run the compiled JavaScript: compile the (instrumented) sources in the sandbox first.
  buildCommand: 'npx tsc -b test/tsconfig.json',
  checkers: ['typescript'],
  // Its own tsconfig: checking the test project would write tsbuildinfo files into build/ while you work.
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  ignorePatterns: ['build', 'client/out', 'server/out', '.tools', 'test/artifacts', 'bench-results', 'reports', 'examples', 'images', '*.vsix'],
  incremental: true,
  incrementalFile: `reports/mutation/incremental-${reportName}.json`,
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
