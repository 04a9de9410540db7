import { parentPort } from 'worker_threads';
import { decodeProfile } from './decodeProfile';
import { summarizeProfile } from './profileSummary';

/**
 * Decodes and summarizes one profile off the language server's thread: a 10 MB profile takes the
 * decoder a second or more, during which the server would answer nothing. Bundled as
 * server/out/profileWorker.js; loadProfiles falls back to its own thread when this file is missing.
 */
parentPort?.on('message', ({ bytes, source }: { bytes: Uint8Array; source: string }) => {
  const decoded = decodeProfile(bytes);
  parentPort!.postMessage(decoded.ok ? summarizeProfile(decoded.profile, source) : decoded);
});
