import { Profile } from 'pprof-format';
import { gunzipSync } from 'zlib';

/**
 * Decoding only: pprof bytes (gzipped as Go writes them, or plain) → plain data with the string table
 * resolved. The protobuf work is `pprof-format`'s; nothing here knows about facts or packages.
 */

/** One frame of a location: a function at a line. Inlined locations have several, innermost first. */
export interface ProfileFrame {
  /** The Go symbol, e.g. `example.com/p.(*T).Method` or `example.com/p.F.func1`. */
  function: string;
  /** The source file as the binary recorded it (absolute, or module-relative with -trimpath). */
  file: string;
  /** 1-based line of the function's `func` keyword (0 when the profile does not say). */
  startLine: number;
  /** 1-based line of this frame. */
  line: number;
}

export interface ProfileSample {
  /** Location ids, the leaf (where the sample was taken) first. */
  locations: readonly (number | bigint)[];
  /** One per sample type; varints past 2^28 decode as bigint (`Number()` them). */
  values: readonly (number | bigint)[];
}

export interface GoProfile {
  /** Sample type names, in the order of each sample's values (`alloc_objects`, `alloc_space`, `cpu`, …). */
  sampleTypes: string[];
  units: string[];
  defaultSampleType: string | undefined;
  periodType: string | undefined;
  /** When the profile was taken, in milliseconds since the epoch; undefined when it does not say. */
  timeMs: number | undefined;
  locations: Map<number, ProfileFrame[]>;
  samples: ProfileSample[];
}

export type Decoded = { ok: true; profile: GoProfile } | { ok: false; message: string };

/** Decodes a pprof profile; bad input gives a message, never an exception. */
export function decodeProfile(bytes: Uint8Array): Decoded {
  let raw: Uint8Array = bytes;
  try {
    if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  } catch (error) {
    return { ok: false, message: `not a gzip stream: ${(error as Error).message}` };
  }
  let decoded: Profile;
  try {
    // A plain view, not a Buffer: the decoder takes a subarray per number, and Buffer's are slower.
    decoded = Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  } catch (error) {
    return { ok: false, message: `not a pprof profile: ${(error as Error).message}` };
  }
  const strings = decoded.stringTable.strings;
  const str = (index: number | bigint | undefined) => (index === undefined ? '' : strings[Number(index)] ?? '');
  if (decoded.sampleType.length === 0) return { ok: false, message: 'not a pprof profile: it has no sample types' };

  const functions = new Map<number, { name: string; file: string; startLine: number }>();
  for (const fn of decoded.function) functions.set(Number(fn.id), { name: str(fn.name), file: str(fn.filename), startLine: Number(fn.startLine) });
  // Frames are shared between locations that name the same function and line.
  const frames = new Map<string, ProfileFrame>();
  const locations = new Map<number, ProfileFrame[]>();
  for (const location of decoded.location) {
    const list: ProfileFrame[] = [];
    for (const line of location.line) {
      const fn = functions.get(Number(line.functionId));
      if (!fn) continue;
      const lineNumber = Number(line.line);
      const key = `${line.functionId}:${lineNumber}`;
      let frame = frames.get(key);
      if (!frame) {
        frame = { function: fn.name, file: fn.file, startLine: fn.startLine, line: lineNumber };
        frames.set(key, frame);
      }
      list.push(frame);
    }
    locations.set(Number(location.id), list);
  }
  // The decoder's arrays as they are: copying them would cost more than the decoding of our part.
  const samples: ProfileSample[] = decoded.sample.map((sample) => ({ locations: sample.locationId, values: sample.value }));
  const timeNanos = Number(decoded.timeNanos);
  return {
    ok: true,
    profile: {
      sampleTypes: decoded.sampleType.map((t) => str(t.type)),
      units: decoded.sampleType.map((t) => str(t.unit)),
      defaultSampleType: decoded.defaultSampleType ? str(decoded.defaultSampleType) : undefined,
      periodType: decoded.periodType ? str(decoded.periodType.type) : undefined,
      timeMs: timeNanos > 0 ? timeNanos / 1e6 : undefined,
      locations,
      samples,
    },
  };
}
