import { spawn } from 'child_process';
import * as os from 'os';
import * as readline from 'readline';
import type { GoToolchain } from '../../server/src/go/toolchain';

/**
 * The runtime functions compiled code calls to allocate: objects, interface data words, slices,
 * maps, channels, strings, goroutines. (`concatstring*` and `slicebytetostring` take a stack buffer
 * when the result does not escape; for the escaping results our facts are about, it is nil.)
 */
export const ALLOCATOR = /^runtime\.(newobject|mallocgc|newarray|convT|convTnoptr|convT16|convT32|convT64|convTstring|convTslice|makeslice|makeslice64|makeslicecopy|growslice|makemap|makemap64|makemap_small|makechan|makechan64|concatstring[2-5]|concatstrings|slicebytetostring|stringtoslicebyte|stringtoslicerune|slicerunetostring|intstring|newproc|mallocgcTiny\d+|mallocgcSmallNoScanSC\d+|mallocgcSmallScanNoHeaderSC\d+)$/;

/** The allocators an interface conversion uses (walk/convert.go dataWordFuncName). */
export const CONVERSION_ALLOCATOR = /^runtime\.convT/;

export interface AllocatorCall {
  /** Absolute path and line of the outermost position: inlined code counts at its call site, where the compiler reports its facts. */
  file: string;
  line: number;
  callee: string;
  /** The TEXT symbol the call is in. */
  symbol: string;
}

/**
 * Compiles the package in `dir` with `-gcflags=-S=2` and returns every call to an allocator. With
 * `-S=2` the listing prints each instruction's outermost position (obj.Prog.Line), so an
 * allocation in an inlined callee is listed at the line of the call the compiler inlined — the
 * line its `-m=2` fact is reported at. The listing of a big package is tens of megabytes: it is
 * read as a stream and only the calls are kept. A warm build cache replays it.
 */
export function allocatorCalls(go: GoToolchain, dir: string): Promise<AllocatorCall[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(go.goPath, ['build', '-gcflags=-S=2', '-o', os.devNull, '.'], { cwd: dir, env: go.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const calls: AllocatorCall[] = [];
    const errors: string[] = [];
    let symbol = '';
    const lines = readline.createInterface({ input: child.stderr, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (!line.startsWith('\t')) {
        const header = /^(\S.*?) STEXT /.exec(line);
        if (header) symbol = header[1];
        else if (/^\S+:\d+:\d+: /.test(line)) errors.push(line);
        return;
      }
      const call = /^\t0x[0-9a-f]+ \d+ \((.+):(\d+)\)\tCALL\t([\w.]+)\(SB\)/.exec(line);
      if (call && ALLOCATOR.test(call[3])) calls.push({ file: call[1], line: Number(call[2]), callee: call[3], symbol });
    });
    // Both the listing read to its end and the process gone: only then are all calls in.
    let exitCode: number | null | undefined;
    let listingRead = false;
    const settle = () => {
      if (exitCode === undefined || !listingRead) return;
      if (exitCode !== 0) reject(new Error(`go build -gcflags=-S=2 failed in ${dir} (exit ${exitCode}): ${errors.slice(0, 5).join('\n')}`));
      else resolve(calls);
    };
    lines.on('close', () => {
      listingRead = true;
      settle();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      exitCode = code;
      settle();
    });
  });
}
