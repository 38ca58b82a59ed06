/** Marks a failure that a retry may cure (a broker or database briefly unreachable): the batch is retried, never skipped. */
export class TransientError extends Error {
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
