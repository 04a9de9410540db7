import { classifyMessage } from './messages';
import * as path from 'path';
import { isPseudoFile, PathResolution, PathResolver, splitPositionedLine } from './positions';

/**
 * The lines of a failed build's output that are errors, not report facts: compile errors
 * (`./x.go:3:2: undefined: y`) and the go command's own (`go: …`, `package …`). File names are
 * resolved (overlay backing files mapped back) and shown relative to `resolution.baseDir`.
 */
export function extractBuildErrors(output: string, resolution: PathResolution = {}): string[] {
  const errors: string[] = [];
  const paths = new PathResolver(resolution);
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('# ') || line.startsWith('\t')) continue;
    const positioned = splitPositionedLine(line, paths);
    if (!positioned) {
      // `go: downloading …` is progress, not the error; `note: module requires Go 1.22` is the cause of the errors above it.
      if (/^go: (?:downloading|extracting|finding) /.test(line)) continue;
      if (/^(go: |package |can't load package|cannot find|build constraints exclude|no Go files|found packages|FAIL|note: )/.test(line)) errors.push(line);
      continue;
    }
    if (positioned.message.startsWith(' ')) continue; // explanation step
    const classified = classifyMessage(positioned.message);
    if (classified.kind === 'other' && !classified.details.capture && !classified.details.informational) {
      const { file, line: row, column } = positioned.position;
      const shown = resolution.baseDir && !isPseudoFile(file) ? path.relative(resolution.baseDir, file) : file;
      errors.push(`${shown}:${row}${column === null ? '' : `:${column}`}: ${positioned.message}`);
    }
  }
  return errors;
}
