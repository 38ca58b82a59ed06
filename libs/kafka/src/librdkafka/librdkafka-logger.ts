import { KafkaJS } from '@confluentinc/kafka-javascript';
import { Logger, LoggerService } from '@nestjs/common';

/**
 * Routes the client's log lines through Nest's logger (and so the app's JSON logger). The client
 * reports each failed connection or request as an error while librdkafka retries it on its own;
 * a condition it gives up on reaches our code as a rejected call, which our code logs itself.
 * So its errors and warnings are warnings here.
 */
export function librdkafkaLogger(logger: LoggerService = new Logger('librdkafka')): KafkaJS.Logger {
  let level: KafkaJS.logLevel = KafkaJS.logLevel.WARN;
  const self: KafkaJS.Logger = {
    error: (message, extra) => {
      if (level >= KafkaJS.logLevel.ERROR) logger.warn({ message, ...extra });
    },
    warn: (message, extra) => {
      if (level >= KafkaJS.logLevel.WARN) logger.warn({ message, ...extra });
    },
    info: (message, extra) => {
      if (level >= KafkaJS.logLevel.INFO) logger.log({ message, ...extra });
    },
    debug: (message, extra) => {
      if (level >= KafkaJS.logLevel.DEBUG) logger.debug?.({ message, ...extra });
    },
    namespace: () => self,
    setLogLevel: (next) => {
      level = next;
    },
  };
  return self;
}
