import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runBenchmarkProfiles } from '../go/benchmarkProfiles';
import type { AnalysisSession } from '../session/analysisSession';
import type { LoadProfilesResult, ProfileBenchmarksResult } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { loadProfiles } from './loadProfiles';
import { expandProfilePatterns, matchesProfilePatterns } from './profilePatterns';
import type { ProfileWeigher } from './profileWeigher';

/** What the editor side needs from the LSP connection. */
export interface ProfileHost {
  /** The settings of a workspace folder (undefined: no folder). */
  settingsOf(folder: string | undefined): Promise<Settings>;
  log(message: string): void;
  warn(message: string): void;
  /** Asks the client to report changes to files matching these patterns (replacing earlier ones). */
  watch(patterns: { folder: string | undefined; pattern: string }[]): void;
}

/**
 * The editor's three ways to get profiles: `goEscapeHints.profile.files` per workspace folder (loaded
 * at start, reloaded when the setting or a file changes), "Load Profile…", and "Profile Package
 * Benchmarks". Each replaces its own set in the weigher, then every document is weighed again.
 */
export class EditorProfiles {
  private patterns = new Map<string | undefined, string[]>();
  /** What each folder's setting loaded last: the files and their modification times. */
  private loadedSignature = new Map<string | undefined, string>();
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly weigher: ProfileWeigher,
    private readonly session: AnalysisSession,
    private readonly host: ProfileHost,
    private readonly folders: readonly string[],
  ) {}

  /** Loads (or reloads) every folder's `profile.files`; one reload at a time. */
  reloadSettingsProfiles(force = false): Promise<void> {
    this.reloading = this.reloading.then(() => this.reload(force)).catch((error) => this.host.log(`profiles: ${error instanceof Error ? error.message : String(error)}`));
    return this.reloading;
  }

  /** Files changed on disk: reload the settings' profiles if one of them is among them. */
  filesChanged(paths: readonly string[]): void {
    const touched = paths.some((file) => [...this.patterns].some(([folder, patterns]) => matchesProfilePatterns(file, patterns, folder)));
    if (touched) void this.reloadSettingsProfiles(true);
  }

  /** "Load Profile…": these files replace the ones loaded by the command before (an empty list unloads them). */
  async load(files: readonly string[]): Promise<LoadProfilesResult> {
    const loaded = await loadProfiles(files, undefined, { inWorker: true });
    this.weigher.setProfiles('command', loaded.summaries);
    this.session.reweigh();
    for (const error of loaded.errors) this.host.log(`profiles: ${error}`);
    return { loaded: files.filter((f) => !loaded.errors.some((e) => e.includes(f))), errors: loaded.errors };
  }

  /** "Profile Package Benchmarks" for the package of `file`. */
  async profileBenchmarks(file: string, uri: string, signal: AbortSignal): Promise<ProfileBenchmarksResult> {
    const dir = path.dirname(file);
    const { toolchain, tags } = await this.session.toolchainFor(uri);
    if (!toolchain.ok) return { ok: false, message: toolchain.error.message, benchmarks: [], profiles: [] };
    const outDir = path.join(os.tmpdir(), 'go-escape-hints-profiles', createHash('sha1').update(dir).digest('hex').slice(0, 12));
    // Benchmarks run as long as they need (-benchtime); a generous ceiling still stops a hung one.
    const ran = await runBenchmarkProfiles(toolchain.value, dir, outDir, { signal, timeoutMs: 60 * 60_000, tags });
    if (!ran.ok) return { ok: false, message: ran.error.message, benchmarks: [], profiles: [], output: ran.error.detail };
    const { benchmarks, memProfile, cpuProfile, output } = ran.value;
    const label = `${benchmarks.join(', ')} (go test -bench in ${path.basename(dir)}, ${new Date().toLocaleTimeString()})`;
    const loaded = await loadProfiles([memProfile, cpuProfile], () => label, { inWorker: true });
    if (loaded.errors.length > 0) return { ok: false, message: loaded.errors.join(' '), benchmarks, profiles: [], output };
    this.weigher.setProfiles(`benchmarks:${dir}`, loaded.summaries);
    this.session.reweigh();
    return { ok: true, message: `Weighing ${path.basename(dir)}'s heap allocations by ${benchmarks.length} benchmark(s): ${benchmarks.join(', ')}.`, benchmarks, profiles: [memProfile, cpuProfile], output };
  }

  private async reload(force: boolean): Promise<void> {
    const folders: (string | undefined)[] = this.folders.length > 0 ? [...this.folders] : [undefined];
    let changed = false;
    const watched: { folder: string | undefined; pattern: string }[] = [];
    for (const folder of folders) {
      const patterns = (await this.host.settingsOf(folder)).profile.files;
      this.patterns.set(folder, patterns);
      watched.push(...patterns.map((pattern) => ({ folder, pattern })));
      const files = expandProfilePatterns(patterns, folder);
      const signature = JSON.stringify(files.map((f) => [f, mtimeOf(f)]));
      if (!force && this.loadedSignature.get(folder) === signature) continue;
      this.loadedSignature.set(folder, signature);
      const loaded = await loadProfiles(files, undefined, { inWorker: true });
      for (const error of loaded.errors) this.host.warn(`Go Escape Hints: ${error} (goEscapeHints.profile.files)`);
      if (files.length > 0) this.host.log(`profiles: loaded ${loaded.summaries.length} of ${files.length} from goEscapeHints.profile.files${folder ? ` in ${folder}` : ''}`);
      this.weigher.setProfiles(`settings:${folder ?? ''}`, loaded.summaries);
      changed = true;
    }
    this.host.watch(watched);
    if (changed) this.session.reweigh();
  }
}

function mtimeOf(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
