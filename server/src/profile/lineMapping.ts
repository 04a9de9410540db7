/**
 * Which lines of an old text are still there, unchanged, in a new one (a longest common subsequence
 * of lines): how a weight recorded on line 7 of a function finds its line after the body was edited.
 */

/** Past this many cells the middle of the two texts is compared only by its common start and end. */
const MAX_CELLS = 1_000_000;

/** Old line index → new line index, for lines that survived the edit unchanged. */
export function mapUnchangedLines(oldLines: readonly string[], newLines: readonly string[]): Map<number, number> {
  const mapped = new Map<number, number>();
  let start = 0;
  while (start < oldLines.length && start < newLines.length && oldLines[start] === newLines[start]) {
    mapped.set(start, start);
    start++;
  }
  let oldEnd = oldLines.length;
  let newEnd = newLines.length;
  while (oldEnd > start && newEnd > start && oldLines[oldEnd - 1] === newLines[newEnd - 1]) {
    oldEnd--;
    newEnd--;
    mapped.set(oldEnd, newEnd);
  }
  const n = oldEnd - start;
  const m = newEnd - start;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return mapped;
  // lengths[i][j]: LCS of old[start+i..oldEnd) and new[start+j..newEnd), in one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = oldLines[start + i] === newLines[start + j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (oldLines[start + i] === newLines[start + j]) {
      mapped.set(start + i, start + j);
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
    else j++;
  }
  return mapped;
}
