import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';

/** A replica refuses a request it has no room for now: 503, with when to try again. */
export class TooBusyException extends ServiceUnavailableException {
  constructor(
    message: string,
    /** Seconds after which a retry is likely to be taken (`Retry-After`). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The part of an HTTP response the filter writes. */
interface BusyResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/** Answers a `TooBusyException` as Nest answers any 503, plus `Retry-After`. */
@Catch(TooBusyException)
export class TooBusyFilter implements ExceptionFilter<TooBusyException> {
  catch(exception: TooBusyException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<BusyResponse>();
    response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(exception.getStatus()).json(exception.getResponse());
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
