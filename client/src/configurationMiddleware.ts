import type * as vscode from 'vscode';
import { goSectionFor } from '../../server/src/shared/settings';

/**
 * Answers the server's `workspace/configuration` request for the `go` section the way vscode-go
 * treats its restricted settings (`go.goroot`, `go.alternateTools`, `go.toolsEnvVars`): workspace
 * values apply in a trusted workspace, only the user's own in an untrusted one (this extension does
 * not start there, but the rule lives where the values are read). Our own `goEscapeHints.goPath` is
 * machine-scoped: VS Code never takes it from a workspace.
 */
export function sanitizeGoSection(go: Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect'>, trusted: boolean): Record<string, unknown> {
  return goSectionFor({ resolved: (key) => go.get(key), userValue: (key) => go.inspect(key)?.globalValue }, trusted);
}
