import { classifyMessage } from './messages';
import { PathResolver, splitPositionedLine } from './positions';

/**
 * The lines of a failed build's output that are errors, not report facts: compile errors
 * (`./x.go:3:2: undefined: y`) and the go command's own (`go: …`, `package …`).
 */
export function extractBuildErrors(output: string): string[] {
  const errors: string[] = [];
  const paths = new PathResolver();
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('# ') || line.startsWith('\t')) continue;
    const positioned = splitPositionedLine(line, paths);
    if (!positioned) {
      if (/^(go: |package |can't load package|cannot find|build constraints exclude|no Go files|found packages|FAIL)/.test(line)) errors.push(line);
      continue;
    }
    if (positioned.message.startsWith(' ')) continue; // explanation step
    const classified = classifyMessage(positioned.message);
    if (classified.kind === 'other' && !classified.details.capture && !classified.details.informational) {
      errors.push(line);
    }
  }
  return errors;
}
