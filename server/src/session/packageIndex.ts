import * as path from 'path';
import type { Result } from '../go/errors';
import { GoPackage, listPackage } from '../go/packages';
import type { GoToolchain } from '../go/toolchain';

/** `go list` answers by directory, kept until files appear or disappear (file watcher events, or a file it did not know). */
export class PackageIndex {
  private readonly packages = new Map<string, Promise<Result<GoPackage>>>();

  get(toolchain: GoToolchain, dir: string, tags: readonly string[]): Promise<Result<GoPackage>> {
    const key = `${toolchain.goPath}\0${dir}\0${tags.join(',')}`;
    let listed = this.packages.get(key);
    if (!listed) {
      listed = listPackage(toolchain, dir, tags);
      this.packages.set(key, listed);
      // Failures (no module yet, a go.mod being written) are not remembered.
      void listed.then((result) => !result.ok && this.packages.get(key) === listed && this.packages.delete(key));
    }
    return listed;
  }

  /** Forget one directory (a file appeared there). */
  forget(dir: string): void {
    for (const key of [...this.packages.keys()]) if (key.split('\0')[1] === dir) this.packages.delete(key);
  }

  /** Forget every directory (files added or removed, go.mod or go.work changed). */
  clear(): void {
    this.packages.clear();
  }
}

/**
 * The package with the open files `go list` does not know (new, unsaved: the overlay brings them
 * into the build) counted among its files, so their facts are kept and their edits change the cache key.
 */
export function withOpenFiles(pkg: GoPackage, openFiles: readonly string[]): GoPackage {
  const known = new Set([...pkg.goFiles, ...pkg.testGoFiles, ...pkg.xTestGoFiles, ...pkg.ignoredGoFiles].map((name) => path.join(pkg.dir, name)));
  const extra = openFiles.filter((file) => file.endsWith('.go') && path.dirname(file) === pkg.dir && !known.has(file)).map((file) => path.basename(file));
  if (extra.length === 0) return pkg;
  return {
    ...pkg,
    goFiles: [...pkg.goFiles, ...extra.filter((name) => !name.endsWith('_test.go'))],
    testGoFiles: [...pkg.testGoFiles, ...extra.filter((name) => name.endsWith('_test.go'))],
  };
}

/** Why an open file is not part of the build, when its build constraints exclude it; undefined when it is built. */
export function excludedByConstraints(pkg: GoPackage, file: string, text: string): string | undefined {
  if (path.dirname(file) !== pkg.dir || !pkg.ignoredGoFiles.includes(path.basename(file))) return undefined;
  const constraint = buildConstraintOf(text);
  const why = constraint ? `its build constraint \`${constraint}\`` : 'its file name (a _GOOS or _GOARCH suffix)';
  return `${path.basename(file)} is excluded from the build by ${why}: the compiler does not see it, so there is nothing to report. Add the tag to goEscapeHints.buildTags (or go.buildTags) to analyse it.`;
}

/** The file's build constraint line (`//go:build …`, or the old `// +build …`), if it has one. */
export function buildConstraintOf(text: string): string | undefined {
  return /^\/\/go:build .*$/m.exec(text)?.[0] ?? /^\/\/ \+build .*$/m.exec(text)?.[0];
}
