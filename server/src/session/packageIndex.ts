import type { Result } from '../go/errors';
import { GoPackage, listPackage } from '../go/packages';
import type { GoToolchain } from '../go/toolchain';

/** `go list` answers by directory, kept until files appear or disappear (file watcher events). */
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

  /** Forget every directory (files added or removed, go.mod or go.work changed). */
  clear(): void {
    this.packages.clear();
  }
}
