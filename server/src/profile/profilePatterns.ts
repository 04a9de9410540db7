import * as fs from 'fs';
import * as path from 'path';

/**
 * `goEscapeHints.profile.files`: paths or globs (`*`, `**`, `?`) relative to a workspace folder, or
 * absolute. Expanding a glob walks the folder, skipping `.git`, `node_modules` and `vendor`.
 */

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', 'vendor']);
const MAX_VISITED = 20_000;

export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** The files the patterns name under `folder` (globs only match files that exist), sorted, without duplicates. */
export function expandProfilePatterns(patterns: readonly string[], folder: string | undefined): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      if (path.isAbsolute(pattern)) files.add(path.normalize(pattern));
      else if (folder) files.add(path.join(folder, pattern));
      continue;
    }
    const base = path.isAbsolute(pattern) ? staticPrefix(pattern) : folder;
    if (!base) continue;
    const matcher = patternMatcher(pattern, folder);
    for (const file of walk(base)) if (matcher(file)) files.add(file);
  }
  return [...files].sort();
}

/** Whether a file is named by one of the patterns (for reloading when it changes). */
export function matchesProfilePatterns(file: string, patterns: readonly string[], folder: string | undefined): boolean {
  return patterns.some((pattern) => patternMatcher(pattern, folder)(file));
}

function patternMatcher(pattern: string, folder: string | undefined): (file: string) => boolean {
  const absolute = path.isAbsolute(pattern) ? pattern : folder ? path.join(folder, pattern) : undefined;
  if (!absolute) return () => false;
  const regex = globToRegExp(absolute.split(path.sep).join('/'));
  return (file) => regex.test(file.split(path.sep).join('/'));
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` matches any number of directories, including none.
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function staticPrefix(pattern: string): string {
  const parts = pattern.split(path.sep);
  const index = parts.findIndex(isGlob);
  return parts.slice(0, index).join(path.sep) || path.sep;
}

function walk(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_VISITED) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      visited++;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (entry.isFile()) found.push(full);
    }
  }
  return found;
}
