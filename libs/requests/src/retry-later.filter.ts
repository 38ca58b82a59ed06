import { isTransientDatabaseError } from '@app/persistence';
import { ArgumentsHost, Catch, HttpServer, Inject, Logger, Optional } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { BrokerUnavailableException, RetryLaterException, TooBusyException } from './too-busy';

/** The part of an HTTP response the filter writes. */
interface UnavailableResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/** A dependency's loss is logged at `warn` once in this long; repeats within it go to `debug`. */
export const UNAVAILABLE_EPISODE_MS = 60_000;

/**
 * Answers 503 with `Retry-After`, instead of Nest's 500 and an error line, what a retry may
 * cure: a replica too busy, PostgreSQL unreachable (a transient database error from any view
 * read or outcome lookup), the broker not taking a command. The loss of PostgreSQL or the broker
 * is logged at `warn` once per episode (`UNAVAILABLE_EPISODE_MS`), its repeats at `debug`; a
 * person looks at readiness and the dependency, not at each refused request. Anything else gets
 * Nest's default handling.
 */
@Catch()
export class RetryLaterFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Requests');
  private readonly lastWarned = new Map<string, number>();

  constructor(@Optional() @Inject(HttpAdapterHost) adapterHost?: HttpAdapterHost) {
    super(adapterHost?.httpAdapter as HttpServer | undefined);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const refusal = host.getType() === 'http' ? this.retryLater(exception) : undefined;
    if (!refusal) return super.catch(exception, host);
    const response = host.switchToHttp().getResponse<UnavailableResponse>();
    response.setHeader('Retry-After', String(refusal.retryAfterSeconds));
    response.status(refusal.getStatus()).json(refusal.getResponse());
  }

  /** Returns the 503 a retriable failure is answered with, logging a dependency's loss; undefined for any other failure. */
  private retryLater(exception: unknown): RetryLaterException | undefined {
    if (exception instanceof TooBusyException) return exception;
    if (exception instanceof BrokerUnavailableException) {
      this.lost('broker', exception.cause);
      return exception;
    }
    if (isTransientDatabaseError(exception)) {
      this.lost('database', exception);
      return new RetryLaterException('The database is unavailable now; try again.', 1);
    }
    return undefined;
  }

  private lost(dependency: string, cause: unknown): void {
    const now = Date.now();
    const why = cause instanceof Error ? cause.message : String(cause);
    const message = `Requests answered 503: the ${dependency} is unavailable (${why}).`;
    if (now - (this.lastWarned.get(dependency) ?? -Infinity) < UNAVAILABLE_EPISODE_MS) {
      this.logger.debug(message);
      return;
    }
    this.lastWarned.set(dependency, now);
    this.logger.warn(
      `${message} Repeats within ${UNAVAILABLE_EPISODE_MS / 1000} s are logged at debug.`,
    );
  }
}
