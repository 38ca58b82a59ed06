/**
 * Marks records the broker refused for a reason no retry cures (too large, invalid, a topic
 * that cannot exist): they can never be published as they are. `reason` is the broker's error
 * code name (`MESSAGE_TOO_LARGE`, ...). Broker adapters map their client's errors to it, so that
 * the ports carry no client types.
 */
export class RecordRefusedError extends Error {
  readonly retriable = false;

  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
