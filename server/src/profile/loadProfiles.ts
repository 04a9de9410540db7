import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { Worker } from 'worker_threads';
import { gunzip } from 'zlib';
import { decodeProfile } from './decodeProfile';
import { ProfileSummary, Summarized, summarizeProfile } from './profileSummary';

const gunzipAsync = promisify(gunzip);

export interface LoadedProfiles {
  summaries: ProfileSummary[];
  /** One sentence per file that could not be used, naming the file. */
  errors: string[];
}

/**
 * Reads, decodes and summarizes profile files. A file that cannot be read or is not an allocation or
 * CPU profile gives an error message; the others still load. `source` names where the numbers came
 * from in hovers (default: the file's name).
 */
export async function loadProfiles(files: readonly string[], source?: (file: string) => string, options: { inWorker?: boolean } = {}): Promise<LoadedProfiles> {
  const loaded: LoadedProfiles = { summaries: [], errors: [] };
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
      // Off the event loop (the language server keeps answering meanwhile); decodeProfile takes plain bytes as they are.
      if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzipAsync(bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      loaded.errors.push(code === 'ENOENT' ? `Cannot read profile ${file}: no such file` : code?.startsWith('Z_') ? `${file} is not a gzip stream: ${(error as Error).message}` : `Cannot read profile ${file}: ${(error as Error).message}`);
      continue;
    }
    const label = source ? source(file) : path.basename(file);
    const summarized = (options.inWorker && (await summarizeInWorker(bytes, label))) || inThisThread(bytes, label);
    if (summarized.ok) loaded.summaries.push(summarized.summary);
    else loaded.errors.push(`${file} is ${summarized.message}`);
  }
  return loaded;
}

function inThisThread(bytes: Uint8Array, source: string): Summarized {
  const decoded = decodeProfile(bytes);
  return decoded.ok ? summarizeProfile(decoded.profile, source) : decoded;
}

/** Decodes in server/out/profileWorker.js (undefined when it is missing or fails: the caller decodes here). */
export function summarizeInWorker(bytes: Uint8Array, source: string): Promise<Summarized | undefined> {
  const script = path.join(__dirname, 'profileWorker.js');
  if (!fs.existsSync(script)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script);
    } catch {
      resolve(undefined);
      return;
    }
    const finish = (result: Summarized | undefined) => {
      resolve(result);
      void worker.terminate();
    };
    worker.once('message', (result: Summarized) => finish(result));
    worker.once('error', () => finish(undefined));
    worker.once('exit', () => finish(undefined));
    worker.postMessage({ bytes, source });
  });
}
