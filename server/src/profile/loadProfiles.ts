import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { gunzip } from 'zlib';
import { decodeProfile } from './decodeProfile';
import { ProfileSummary, summarizeProfile } from './profileSummary';

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
export async function loadProfiles(files: readonly string[], source?: (file: string) => string): Promise<LoadedProfiles> {
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
    const decoded = decodeProfile(bytes);
    if (!decoded.ok) {
      loaded.errors.push(`${file} is ${decoded.message}`);
      continue;
    }
    const summarized = summarizeProfile(decoded.profile, source ? source(file) : path.basename(file));
    if (summarized.ok) loaded.summaries.push(summarized.summary);
    else loaded.errors.push(`${file} is ${summarized.message}`);
  }
  return loaded;
}
