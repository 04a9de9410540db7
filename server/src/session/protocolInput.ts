import type { TextChange } from '../workspace/rangeTracking';

/**
 * The text-document notifications, checked before they reach the session: a client's malformed
 * message (`params: null`, `text: null`, a range without numbers) is refused here with a sentence
 * for the log, instead of failing deep inside as an internal error or, worse, changing the text
 * model with something the syntax tree and the facts never see. Positions that are numbers but out
 * of range, and reversed ranges, are the document's to normalise (GoDocument.applyChanges).
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export interface OpenParams {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export interface ChangeParams {
  uri: string;
  version: number;
  changes: (TextChange | { text: string })[];
}

export function checkOpen(params: unknown): Checked<OpenParams> {
  const document = textDocumentOf(params);
  if (!document.ok) return document;
  const { uri, languageId, version, text } = document.value;
  if (typeof text !== 'string') return refuse(`textDocument.text is ${describe(text)}, not a string: the document is not opened`);
  return { ok: true, value: { uri, languageId: typeof languageId === 'string' ? languageId : 'go', version: isInteger(version) ? version : 0, text } };
}

export function checkChange(params: unknown): Checked<ChangeParams> {
  const document = textDocumentOf(params);
  if (!document.ok) return document;
  const { uri, version } = document.value;
  if (!isInteger(version)) return refuse(`textDocument.version is ${describe(version)}, not an integer: the change is ignored`);
  const raw = (params as { contentChanges?: unknown }).contentChanges;
  if (!Array.isArray(raw)) return refuse(`contentChanges is ${describe(raw)}, not an array: the change is ignored`);
  const changes: (TextChange | { text: string })[] = [];
  for (const [index, change] of raw.entries()) {
    if (!isRecord(change) || typeof change.text !== 'string') return refuse(`contentChanges[${index}].text is not a string: the change is ignored`);
    if (change.range === undefined || change.range === null) {
      changes.push({ text: change.text });
      continue;
    }
    const range = change.range;
    if (!isRecord(range) || !isPosition(range.start) || !isPosition(range.end)) {
      return refuse(`contentChanges[${index}].range is not {start, end} with integer line and character: the change is ignored`);
    }
    changes.push({ range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } }, text: change.text });
  }
  return { ok: true, value: { uri, version, changes } };
}

/** didSave, didClose: only the document's uri matters. */
export function checkDocumentUri(params: unknown): Checked<string> {
  const document = textDocumentOf(params);
  return document.ok ? { ok: true, value: document.value.uri } : document;
}

function textDocumentOf(params: unknown): Checked<Record<string, unknown> & { uri: string }> {
  if (!isRecord(params)) return refuse(`params is ${describe(params)}, not an object: ignored`);
  const document = params.textDocument;
  if (!isRecord(document)) return refuse(`params.textDocument is ${describe(document)}, not an object: ignored`);
  if (typeof document.uri !== 'string' || document.uri === '') return refuse(`textDocument.uri is ${describe(document.uri)}, not a URI: ignored`);
  return { ok: true, value: document as Record<string, unknown> & { uri: string } };
}

function isPosition(value: unknown): value is { line: number; character: number } {
  return isRecord(value) && isInteger(value.line) && isInteger(value.character);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value === 'object' ? 'an object' : String(value);
}

function refuse<T>(error: string): Checked<T> {
  return { ok: false, error };
}
