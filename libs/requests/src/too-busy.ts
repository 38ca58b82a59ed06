import { ServiceUnavailableException } from '@nestjs/common';

/** A replica cannot serve a request now but may soon: 503, with when to try again. */
export class RetryLaterException extends ServiceUnavailableException {
  constructor(
    message: string,
    /** Seconds after which a retry is likely to be taken (`Retry-After`). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A replica refuses a request it has no room for now. */
export class TooBusyException extends RetryLaterException {}

/** The broker did not take a command (unreachable, or no answer in time): nothing is known to be sent. */
export class BrokerUnavailableException extends RetryLaterException {
  constructor(cause: unknown) {
    super(
      'The message broker is unavailable now; send the request again with the same Idempotency-Key.',
      1,
    );
    this.cause = cause;
  }
}

/**
 * Counts what a replica holds at once and refuses beyond a bound, so that a burst of held
 * requests is answered 503 instead of exhausting memory or database connections.
 */
export class Slots {
  private taken = 0;

  constructor(private readonly capacity: number) {}

  /** How many slots are taken now. */
  get inUse(): number {
    return this.taken;
  }

  /**
   * Runs `work` in a slot, freed when it settles.
   * @throws TooBusyException, before running anything, when every slot is taken.
   */
  async run<T>(work: () => Promise<T>, busyMessage: string): Promise<T> {
    if (this.taken >= this.capacity) throw new TooBusyException(busyMessage, 1);
    this.taken++;
    try {
      return await work();
    } finally {
      this.taken--;
    }
  }
}
