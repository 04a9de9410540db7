import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

/** A build shorter than this shows no progress: a warm build cache answers in a fraction of it. */
export const PROGRESS_DELAY_MS = 1000;

/**
 * LSP work-done progress for one build that takes over a second (a cold build cache compiles the
 * dependencies first): it names the package and can be cancelled. Returns the function that ends it.
 */
export function buildProgress(connection: Connection, packagePath: string, cancel: () => void): () => void {
  let ended = false;
  let reporter: WorkDoneProgressServerReporter | undefined;
  const timer = setTimeout(() => {
    connection.window
      .createWorkDoneProgress()
      .then((created) => {
        if (ended) return created.done();
        reporter = created;
        created.begin('Go Escape Hints', undefined, `analysing ${packagePath}`, true);
        created.token.onCancellationRequested(() => cancel());
      })
      .catch(() => undefined); // a client that refuses progress still gets the result
  }, PROGRESS_DELAY_MS);
  return () => {
    ended = true;
    clearTimeout(timer);
    reporter?.done();
  };
}
