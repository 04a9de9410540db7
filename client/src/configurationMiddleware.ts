import type * as vscode from 'vscode';

/**
 * The Go extension's settings that choose which program runs and how: vscode-go marks them
 * restricted, i.e. a workspace's own value applies only once the workspace is trusted. We do the
 * same (this extension does not even start in an untrusted workspace, but the rule lives here, where
 * the values are read). Our own `goEscapeHints.goPath` is machine-scoped and never comes from a workspace.
 */
const RESTRICTED_GO_SETTINGS = ['goroot', 'alternateTools', 'toolsEnvVars'];

/** The part of `vscode.WorkspaceConfiguration` read here (so the rule can be checked without VS Code). */
export type GoConfiguration = Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect'>;

/**
 * Answers the server's `workspace/configuration` request for the `go` section: every value as the
 * editor resolves it (user, workspace, folder) in a trusted workspace; for the restricted settings
 * of an untrusted one, the user's own (global) value only.
 */
export function sanitizeGoSection(go: GoConfiguration, trusted: boolean): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of ['goroot', 'alternateTools', 'toolsEnvVars', 'buildTags']) {
    result[key] = !trusted && RESTRICTED_GO_SETTINGS.includes(key) ? go.inspect(key)?.globalValue : go.get(key);
  }
  return result;
}
