import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { gzipSync } from 'zlib';

/** Builds real pprof bytes (encoded by pprof-format, gzipped as Go writes them) from a small description. */

export interface FrameSpec {
  function: string;
  file: string;
  startLine: number;
  line: number;
}

export interface SampleSpec {
  /** Locations, leaf first; each location's frames innermost first (several frames = inlined calls). */
  stack: FrameSpec[][];
  values: number[];
}

export interface ProfileSpec {
  sampleTypes: [string, string][];
  defaultSampleType?: string;
  periodType?: [string, string];
  timeMs?: number;
  samples: SampleSpec[];
}

export function buildProfile(spec: ProfileSpec, gzip = true): Uint8Array {
  const strings = new StringTable();
  const functions = new Map<string, PprofFunction>();
  const locations = new Map<string, Location>();
  const functionOf = (frame: FrameSpec) => {
    const key = `${frame.function}|${frame.file}|${frame.startLine}`;
    let fn = functions.get(key);
    if (!fn) {
      fn = new PprofFunction({ id: functions.size + 1, name: strings.dedup(frame.function), systemName: strings.dedup(frame.function), filename: strings.dedup(frame.file), startLine: frame.startLine });
      functions.set(key, fn);
    }
    return fn;
  };
  const locationOf = (frames: FrameSpec[]) => {
    const key = JSON.stringify(frames);
    let location = locations.get(key);
    if (!location) {
      location = new Location({ id: locations.size + 1, line: frames.map((f) => new Line({ functionId: functionOf(f).id, line: f.line })) });
      locations.set(key, location);
    }
    return location;
  };
  const samples = spec.samples.map((s) => new Sample({ locationId: s.stack.map((frames) => locationOf(frames).id), value: s.values }));
  const profile = new Profile({
    sampleType: spec.sampleTypes.map(([type, unit]) => new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) })),
    sample: samples,
    location: [...locations.values()],
    function: [...functions.values()],
    stringTable: strings,
    timeNanos: spec.timeMs !== undefined ? BigInt(Math.round(spec.timeMs)) * 1_000_000n : 0,
    periodType: spec.periodType ? new ValueType({ type: strings.dedup(spec.periodType[0]), unit: strings.dedup(spec.periodType[1]) }) : undefined,
    defaultSampleType: spec.defaultSampleType ? strings.dedup(spec.defaultSampleType) : 0,
  });
  const bytes = profile.encode();
  return gzip ? gzipSync(bytes) : bytes;
}

export const ALLOC_TYPES: [string, string][] = [
  ['alloc_objects', 'count'],
  ['alloc_space', 'bytes'],
  ['inuse_objects', 'count'],
  ['inuse_space', 'bytes'],
];
export const CPU_TYPES: [string, string][] = [
  ['samples', 'count'],
  ['cpu', 'nanoseconds'],
];
