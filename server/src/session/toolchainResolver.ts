import type { Result } from '../go/errors';
import { findToolchain, GoToolchain } from '../go/toolchain';
import type { GoExtensionSettings, Settings } from '../shared/settings';

/**
 * Finds `go` once per configuration: our own goPath (machine scope), then the Go extension's
 * `go.alternateTools.go` and `go.goroot`, then PATH; with `go.toolsEnvVars` in the environment.
 */
export class ToolchainResolver {
  private readonly resolved = new Map<string, Promise<Result<GoToolchain>>>();

  resolve(settings: Settings, goSettings: GoExtensionSettings): Promise<Result<GoToolchain>> {
    const goPath = settings.goPath || goSettings.alternateGo;
    const env = goSettings.toolsEnvVars ?? {};
    const key = JSON.stringify([goPath, goSettings.goroot, env]);
    let found = this.resolved.get(key);
    if (!found) {
      found = findToolchain({ goPath: goPath || undefined, goroot: goSettings.goroot, env });
      this.resolved.set(key, found);
      void found.then((result) => !result.ok && this.resolved.get(key) === found && this.resolved.delete(key));
    }
    return found;
  }

  clear(): void {
    this.resolved.clear();
  }
}
