import * as os from 'os';
import { removeAllOverlays, removeOrphanedOverlays } from './compilerRun';
import { killAllProcesses } from './runProcess';

/** Kills every `go` process group still running and removes the overlay directories (unsaved code) on disk. */
export function releaseEverything(): void {
  killAllProcesses();
  removeAllOverlays();
}

const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * However the server ends, nothing it started outlives it: `exit` without `shutdown`, stdin closing
 * and the client's death all end in `process.exit` (the 'exit' event runs synchronous code only,
 * which is all this needs); the signals that would end Node without that event are caught here.
 * SIGKILL cannot be caught: the next server removes what a killed one left (`removeOrphanedOverlays`).
 */
export function cleanUpOnExit(log: (message: string) => void): void {
  const removed = removeOrphanedOverlays();
  if (removed.length > 0) log(`removed ${removed.length} overlay director${removed.length === 1 ? 'y' : 'ies'} left by a server that was killed: ${removed.join(', ')}`);
  process.on('exit', releaseEverything);
  for (const signal of EXIT_SIGNALS) {
    process.on(signal, () => {
      releaseEverything();
      process.exit(128 + (os.constants.signals[signal] ?? 0));
    });
  }
}
