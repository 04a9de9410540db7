/**
 * Writes to stdout that stop quietly when the reader goes away (`analyze … | head -1` closes the
 * pipe): an EPIPE is the reader's choice, not the CLI's error, and must not end in a stack trace.
 */
export class SafeOutput {
  private closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.closed = true;
      else throw error;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(text: string): void {
    if (this.closed || text === '') return;
    try {
      this.stream.write(text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') this.closed = true;
      else throw error;
    }
  }
}
