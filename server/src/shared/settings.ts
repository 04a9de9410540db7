/**
 * The one settings schema: defaults live here, `package.json` `contributes.configuration` mirrors it
 * (a test checks the keys match). No `vscode` import: the server, the client and tests share it.
 */
import type { FactKind } from '../compiler/facts';
import type { PitfallCode } from '../pitfalls/types';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/**
 * Which parameter leaks get a hint: `allocating`, a parameter (never a receiver) whose leak makes a
 * caller in this package allocate; `parameters`, every parameter but receivers; `all`, receivers too.
 */
export type LeakHints = 'allocating' | 'parameters' | 'all';
export const LEAK_HINTS: readonly LeakHints[] = ['allocating', 'parameters', 'all'];

/** Where diagnostics are published: the open files only, or every file of a package with an open file. */
export type DiagnosticsScope = 'openFiles' | 'package';

export interface Settings {
  /** Path of the go binary (machine scope: a workspace cannot choose the program we run). Empty: go.alternateTools, go.goroot, then PATH. */
  goPath: string;
  /** Milliseconds after the last keystroke before unsaved buffers are analysed. */
  debounceMs: number;
  /** At most this many `go` processes at once (build, list, version), across packages. */
  maxConcurrentBuilds: number;
  /** A build taking longer than this is killed. */
  buildTimeoutSeconds: number;
  /** Analyse `_test.go` files (with `go test -c`) when one of the package's test files is open. */
  analyzeTestFiles: boolean;
  /** Extra build tags (added to the Go extension's `go.buildTags`). */
  buildTags: string[];
  inlayHints: {
    enabled: boolean;
    /** Which kinds of fact get a hint. */
    kinds: Record<FactKind, boolean>;
    /** A function over the inlining budget by at most this percentage gets an `inline cost N/B` hint. */
    nearBudgetPercent: number;
    /** Which parameter leaks get a hint (see LeakHints). */
    leaks: LeakHints;
    /** Hint heap facts that cost no allocation (a constant, a zero-size value boxed into an interface). */
    nonAllocating: boolean;
    /** Hint heap facts on error and panic paths. */
    coldPath: boolean;
    /** Hint the memory pitfalls (the Problems panel lists them either way). */
    pitfalls: boolean;
  };
  diagnostics: {
    /** Severity per kind outside loops; `off` hides the kind. Heap facts: only those that allocate on a normal path. */
    severity: Record<FactKind, SeverityName>;
    /** Severity per kind inside a loop (it happens on every iteration). */
    loopSeverity: Record<FactKind, SeverityName>;
    /** Severity of heap facts on error and panic paths. */
    coldPath: SeverityName;
    /** Severity of heap facts that cost no allocation. */
    nonAllocating: SeverityName;
    /** Severity per pitfall. */
    pitfalls: Record<PitfallCode, SeverityName>;
    /** Publish diagnostics for the open files only, or for every file of each package that has an open file. */
    scope: DiagnosticsScope;
  };
  /** Which pitfalls are reported (with their quick fixes). */
  pitfalls: Record<PitfallCode, boolean>;
  structLayout: {
    /** Run the types helper: struct layouts on hover, and the `struct-padding` pitfall (its severity: `diagnostics.pitfalls`). */
    enabled: boolean;
  };
  boundsChecks: {
    /** Build with `-d=ssa/check_bce/debug=1`: the bounds checks the compiler keeps become `bounds-check` facts. */
    enabled: boolean;
    /** Show bounds checks outside loops too (inside loops they run on every iteration). */
    outsideLoops: boolean;
  };
  nilChecks: {
    /** Build with `-d=nil`: the nil checks the compiler keeps become `nil-check` facts (shown inside loops). */
    enabled: boolean;
  };
  /** Build once more with a file's allocation fixes applied: titles say how many allocations the compiler saw removed; a fix that does not build is withdrawn. */
  verifyFixes: boolean;
  profile: {
    /** pprof files (paths or globs relative to the workspace folder) weighing heap allocations; reloaded when they change. */
    files: string[];
    /** Profile-first mode: hide weighed allocations below this share (0..1) of the profiled bytes; 0 shows all. */
    minShare: number;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  goPath: '',
  debounceMs: 400,
  maxConcurrentBuilds: 2,
  buildTimeoutSeconds: 300,
  analyzeTestFiles: true,
  buildTags: [],
  inlayHints: {
    enabled: true,
    kinds: {
      'moved-to-heap': true,
      'escapes-to-heap': true,
      'does-not-escape': false,
      'leaking-param': true,
      'leaking-param-content': true,
      'leaking-param-to-result': true,
      'can-inline': false,
      'cannot-inline': false,
      'inlining-call': false,
      devirtualized: false,
      'bounds-check': false,
      'nil-check': false,
      other: false,
    },
    nearBudgetPercent: 20,
    leaks: 'allocating',
    nonAllocating: false,
    coldPath: false,
    pitfalls: true,
  },
  diagnostics: {
    severity: {
      'moved-to-heap': 'hint',
      'escapes-to-heap': 'hint',
      'does-not-escape': 'off',
      'leaking-param': 'off',
      'leaking-param-content': 'off',
      'leaking-param-to-result': 'off',
      'can-inline': 'off',
      'cannot-inline': 'off',
      'inlining-call': 'off',
      devirtualized: 'off',
      'bounds-check': 'hint',
      'nil-check': 'hint',
      other: 'off',
    },
    loopSeverity: {
      'moved-to-heap': 'information',
      'escapes-to-heap': 'information',
      'does-not-escape': 'off',
      'leaking-param': 'off',
      'leaking-param-content': 'off',
      'leaking-param-to-result': 'off',
      'can-inline': 'off',
      'cannot-inline': 'off',
      'inlining-call': 'off',
      devirtualized: 'off',
      'bounds-check': 'hint',
      'nil-check': 'hint',
      other: 'off',
    },
    coldPath: 'off',
    nonAllocating: 'off',
    pitfalls: {
      'time-tick-leak': 'warning',
      'sub-slice-pinning': 'warning',
      'queue-reslice-leak': 'warning',
      // A boxing finding explains one allocation: ranked like it (Hint; Information in a loop).
      'interface-boxing': 'hint',
      'sync-pool-value': 'warning',
      'slice-preallocation': 'warning',
      'struct-padding': 'hint',
    },
    scope: 'package',
  },
  pitfalls: {
    'time-tick-leak': true,
    'sub-slice-pinning': true,
    'queue-reslice-leak': true,
    'interface-boxing': true,
    'sync-pool-value': true,
    'slice-preallocation': true,
    'struct-padding': true,
  },
  structLayout: { enabled: true },
  boundsChecks: { enabled: true, outsideLoops: false },
  nilChecks: { enabled: false },
  verifyFixes: true,
  profile: {
    files: [],
    minShare: 0,
  },
};

/** Settings only the VS Code client reads (the language client reads `<id>.trace.server` itself). */
export const CLIENT_ONLY_SETTINGS: readonly string[] = ['goEscapeHints.trace.server'];

/** Flattened keys as they appear in `package.json` (`goEscapeHints.inlayHints.enabled`, …). */
export function settingKeys(prefix = 'goEscapeHints'): string[] {
  return flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, prefix).map(([key]) => key);
}

/** Records keyed by fact kind are one setting (an object), not one per kind. */
const OBJECT_SETTINGS = new Set(['inlayHints.kinds', 'diagnostics.severity', 'diagnostics.loopSeverity', 'diagnostics.pitfalls', 'pitfalls']);

const SEVERITY_NAMES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];
const isSeverity = (v: unknown): v is SeverityName => SEVERITY_NAMES.includes(v as SeverityName);

export function flatten(value: Record<string, unknown>, prefix: string, path = ''): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (child && typeof child === 'object' && !Array.isArray(child) && !OBJECT_SETTINGS.has(childPath)) {
      entries.push(...flatten(child as Record<string, unknown>, prefix, childPath));
    } else {
      entries.push([`${prefix}.${childPath}`, child]);
    }
  }
  return entries;
}

/**
 * Merges what a client sent (possibly partial, possibly garbage) over the defaults, keeping only
 * values of the right type — a typo in settings.json must not crash the server.
 */
export function resolveSettings(raw: unknown): Settings {
  const input = isRecord(raw) ? raw : {};
  const hints = isRecord(input.inlayHints) ? input.inlayHints : {};
  const diagnostics = isRecord(input.diagnostics) ? input.diagnostics : {};
  const structLayout = isRecord(input.structLayout) ? input.structLayout : {};
  const boundsChecks = isRecord(input.boundsChecks) ? input.boundsChecks : {};
  const nilChecks = isRecord(input.nilChecks) ? input.nilChecks : {};
  const profile = isRecord(input.profile) ? input.profile : {};
  const d = DEFAULT_SETTINGS;
  return {
    goPath: typeof input.goPath === 'string' ? input.goPath : d.goPath,
    debounceMs: numberIn(input.debounceMs, 0, 60_000, d.debounceMs),
    maxConcurrentBuilds: numberIn(input.maxConcurrentBuilds, 1, 16, d.maxConcurrentBuilds),
    buildTimeoutSeconds: numberIn(input.buildTimeoutSeconds, 1, 3600, d.buildTimeoutSeconds),
    analyzeTestFiles: typeof input.analyzeTestFiles === 'boolean' ? input.analyzeTestFiles : d.analyzeTestFiles,
    buildTags: Array.isArray(input.buildTags) ? input.buildTags.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : d.buildTags,
    inlayHints: {
      enabled: typeof hints.enabled === 'boolean' ? hints.enabled : d.inlayHints.enabled,
      kinds: mergeRecord(d.inlayHints.kinds, hints.kinds, (v): v is boolean => typeof v === 'boolean'),
      nearBudgetPercent: numberIn(hints.nearBudgetPercent, 0, 1000, d.inlayHints.nearBudgetPercent),
      leaks: LEAK_HINTS.includes(hints.leaks as LeakHints) ? (hints.leaks as LeakHints) : d.inlayHints.leaks,
      nonAllocating: typeof hints.nonAllocating === 'boolean' ? hints.nonAllocating : d.inlayHints.nonAllocating,
      coldPath: typeof hints.coldPath === 'boolean' ? hints.coldPath : d.inlayHints.coldPath,
      pitfalls: typeof hints.pitfalls === 'boolean' ? hints.pitfalls : d.inlayHints.pitfalls,
    },
    diagnostics: {
      severity: mergeRecord(d.diagnostics.severity, diagnostics.severity, isSeverity),
      loopSeverity: mergeRecord(d.diagnostics.loopSeverity, diagnostics.loopSeverity, isSeverity),
      coldPath: isSeverity(diagnostics.coldPath) ? diagnostics.coldPath : d.diagnostics.coldPath,
      nonAllocating: isSeverity(diagnostics.nonAllocating) ? diagnostics.nonAllocating : d.diagnostics.nonAllocating,
      pitfalls: mergeRecord(d.diagnostics.pitfalls, diagnostics.pitfalls, isSeverity),
      scope: diagnostics.scope === 'openFiles' || diagnostics.scope === 'package' ? diagnostics.scope : d.diagnostics.scope,
    },
    pitfalls: mergeRecord(d.pitfalls, input.pitfalls, (v): v is boolean => typeof v === 'boolean'),
    structLayout: {
      enabled: typeof structLayout.enabled === 'boolean' ? structLayout.enabled : d.structLayout.enabled,
    },
    boundsChecks: {
      enabled: typeof boundsChecks.enabled === 'boolean' ? boundsChecks.enabled : d.boundsChecks.enabled,
      outsideLoops: typeof boundsChecks.outsideLoops === 'boolean' ? boundsChecks.outsideLoops : d.boundsChecks.outsideLoops,
    },
    nilChecks: { enabled: typeof nilChecks.enabled === 'boolean' ? nilChecks.enabled : d.nilChecks.enabled },
    verifyFixes: typeof input.verifyFixes === 'boolean' ? input.verifyFixes : d.verifyFixes,
    profile: {
      files: Array.isArray(profile.files) ? profile.files.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : d.profile.files,
      minShare: numberIn(profile.minShare, 0, 1, d.profile.minShare),
    },
  };
}

/** What the server reads from the Go extension's settings (`go.*`), so users configure Go once. */
export interface GoExtensionSettings {
  goroot?: string;
  /** `go.alternateTools.go`. */
  alternateGo?: string;
  buildTags?: string[];
  toolsEnvVars?: Record<string, string>;
}

export function resolveGoExtensionSettings(raw: unknown): GoExtensionSettings {
  const input = isRecord(raw) ? raw : {};
  const alternate = isRecord(input.alternateTools) ? input.alternateTools.go : undefined;
  const env = isRecord(input.toolsEnvVars) ? input.toolsEnvVars : {};
  return {
    goroot: typeof input.goroot === 'string' && input.goroot ? input.goroot : undefined,
    alternateGo: typeof alternate === 'string' && alternate ? alternate : undefined,
    buildTags: typeof input.buildTags === 'string' ? input.buildTags.split(/[,\s]+/).filter(Boolean) : undefined,
    toolsEnvVars: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

function mergeRecord<K extends string, V>(defaults: Record<K, V>, raw: unknown, valid: (v: unknown) => v is V): Record<K, V> {
  const merged = { ...defaults };
  if (!isRecord(raw)) return merged;
  for (const key of Object.keys(defaults) as K[]) if (valid(raw[key])) merged[key] = raw[key];
  return merged;
}

/** The Go extension's settings the server reads. */
export const GO_SETTINGS_READ: readonly string[] = ['goroot', 'alternateTools', 'toolsEnvVars', 'buildTags'];
/** vscode-go's restricted settings: a workspace's own value applies only once the workspace is trusted. */
export const RESTRICTED_GO_SETTINGS: readonly string[] = ['goroot', 'alternateTools', 'toolsEnvVars'];

/**
 * The `go` section as sent to the server, like vscode-go reads it: every value as the editor resolves
 * it (user, workspace, folder) in a trusted workspace; in an untrusted one, the user's own value of
 * the restricted settings only (a repository must not choose the program that runs).
 */
export function goSectionFor(read: { resolved(key: string): unknown; userValue(key: string): unknown }, trusted: boolean): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const key of GO_SETTINGS_READ) section[key] = !trusted && RESTRICTED_GO_SETTINGS.includes(key) ? read.userValue(key) : read.resolved(key);
  return section;
}
