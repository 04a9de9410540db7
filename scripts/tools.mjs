// Where the development tools and the playground live: outside the repository's git tree, so the
// playground opens as a folder of its own (VS Code would otherwise offer this repository's git on
// every load) and every clone on the machine shares one code-server install.
import * as os from 'os';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.100.3';

export function toolsHome() {
  if (process.env.GO_ESCAPE_HINTS_HOME) return path.resolve(process.env.GO_ESCAPE_HINTS_HOME);
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'go-escape-hints');
}

export const codeServerDir = () => path.join(toolsHome(), `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = () => path.join(codeServerDir(), 'node_modules/code-server/out/node/entry.js');
export const playgroundDir = () => path.join(toolsHome(), 'playground', 'allocations');
export const codeServerDataDir = () => path.join(toolsHome(), 'code-server-data');
