import { KafkaJS } from '@confluentinc/kafka-javascript';
import { Logger, LoggerService } from '@nestjs/common';
import { ConnectionFailureLog } from './connection-failure-log';

/** The level librdkafka logs at: a plaintext client's closed connections are `info` lines. */
export const LIBRDKAFKA_LOG_LEVEL = KafkaJS.logLevel.INFO;

/** librdkafka's facility of a broker connection's failures. */
const FAILURE_FACILITY = 'FAIL';

/**
 * Routes the client's warnings and errors through Nest's logger (and so the app's JSON logger),
 * and records each broker failure it logs, at any level, in `failures`. The client reports each
 * failed connection or request as an error while librdkafka retries it on its own; a condition
 * it gives up on reaches our code as a rejected call, which our code logs itself. So its errors
 * and warnings are warnings here, and its `info` lines (it logs at `LIBRDKAFKA_LOG_LEVEL`) are
 * recorded, never printed.
 */
export function librdkafkaLogger(
  failures: ConnectionFailureLog,
  logger: LoggerService = new Logger('librdkafka'),
): KafkaJS.Logger {
  const record = (message: string, extra?: { fac?: unknown }): void => {
    if (extra?.fac === FAILURE_FACILITY) failures.record(message);
  };
  const self: KafkaJS.Logger = {
    error: (message, extra) => {
      record(message, extra);
      logger.warn({ message, ...extra });
    },
    warn: (message, extra) => {
      record(message, extra);
      logger.warn({ message, ...extra });
    },
    info: (message, extra) => record(message, extra),
    debug: (message, extra) => record(message, extra),
    namespace: () => self,
    // The client sets the level it was given; what this prints does not follow it.
    setLogLevel: () => undefined,
  };
  return self;
}
