/** Every way running the toolchain can fail, as values: nothing here is thrown past the go/ folder. */
export type GoErrorCode =
  | 'go-not-found'
  | 'go-too-old'
  | 'outside-module'
  | 'no-go-files'
  | 'package-error'
  | 'build-failed'
  | 'timed-out'
  | 'cancelled'
  | 'killed'
  | 'directory-missing'
  | 'not-a-report'
  | 'output-too-large'
  | 'spawn-failed';

export interface GoError {
  code: GoErrorCode;
  /** One sentence for people, naming what to do where that is known. */
  message: string;
  /** The directory or file the error is about. */
  location?: string;
  /** The toolchain's own words, when it printed any. */
  detail?: string;
}

export function goError(code: GoErrorCode, message: string, extra: Omit<GoError, 'code' | 'message'> = {}): GoError {
  return { code, message, ...extra };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: GoError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(error: GoError): Result<T> {
  return { ok: false, error };
}

/** A package directory deleted or moved while its files are open: not Go's fault (spawn says ENOENT). */
export function directoryGone(dir: string): GoError {
  return goError('directory-missing', `The directory ${dir} no longer exists (deleted, renamed or unmounted): reopen the file from its new place.`, { location: dir });
}
