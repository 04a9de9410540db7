import * as vscode from 'vscode';

/**
 * Settings that choose which program runs. A workspace must not pick them (opening a repository
 * would run its binary), so for these only the user's own (global) value is passed to the server.
 */
const MACHINE_ONLY_GO_SETTINGS = ['goroot', 'alternateTools', 'toolsEnvVars'];

/** Answers the server's `workspace/configuration` request for the `go` section with user-level values only for the settings above. */
export function sanitizeGoSection(scope: vscode.Uri | undefined): Record<string, unknown> {
  const go = vscode.workspace.getConfiguration('go', scope);
  const result: Record<string, unknown> = {};
  for (const key of ['goroot', 'alternateTools', 'toolsEnvVars', 'buildTags']) {
    const inspected = go.inspect(key);
    result[key] = MACHINE_ONLY_GO_SETTINGS.includes(key) ? inspected?.globalValue : go.get(key);
  }
  return result;
}
