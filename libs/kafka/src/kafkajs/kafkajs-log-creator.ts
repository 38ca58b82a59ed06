import { Logger, LoggerService } from '@nestjs/common';
import { logCreator, logLevel } from 'kafkajs';

/** How long a repeated kafkajs warning stays quiet: a repeat within this gap is the same episode. */
export const KAFKAJS_WARNING_EPISODE_MS = 60_000;

/**
 * kafkajs ERROR lines about something that kafkajs neither retries nor reports to our code; every
 * other condition it logs as an error is retried (a connection, a coordinator loading, a
 * rebalance) or, when kafkajs gives up, reaches our code as a rejected call or a final crash,
 * which our code logs at `error` itself.
 * @see https://github.com/tulios/kafkajs/blob/v2.2.4/src/consumer/consumerGroup.js
 */
const UNRECOVERED_ERRORS: readonly RegExp[] = [/^Offset out of range/];

/** Where the lines go and what time it is (a test passes its own). */
export interface KafkajsLogOptions {
  /** @default new Logger('kafkajs') */
  readonly logger?: LoggerService;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Builds a kafkajs `logCreator` that routes kafkajs's lines through Nest's logger (and so the
 * app's JSON logger) with their fields as fields: a retried condition is a warning, written once
 * per episode (its repeats, the same text and error within `KAFKAJS_WARNING_EPISODE_MS`, go to `debug`).
 */
export function createKafkajsLogCreator(options: KafkajsLogOptions = {}): logCreator {
  return () => {
    const logger = options.logger ?? new Logger('kafkajs');
    const now = options.now ?? Date.now;
    const lastSeen = new Map<string, number>();
    const isRepeat = (text: string): boolean => {
      const key = text.replace(/\d+/g, '#'); // "Restarting in 300ms" and "in 600ms" are one
      const previous = lastSeen.get(key);
      lastSeen.set(key, now());
      return previous !== undefined && now() - previous < KAFKAJS_WARNING_EPISODE_MS;
    };
    return ({ level, log }) => {
      // kafkajs's own `timestamp` and `logger` duplicate what every line already says.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const entry = { message, ...fields };
      if (level === logLevel.ERROR && UNRECOVERED_ERRORS.some((error) => error.test(message)))
        logger.error(entry);
      else if (level === logLevel.ERROR || level === logLevel.WARN) {
        if (isRepeat(`${message} ${String(fields.error ?? '')}`)) logger.debug?.(entry);
        else logger.warn(entry);
      } else if (level === logLevel.INFO) logger.log(entry);
      else logger.debug?.(entry);
    };
  };
}

/** Routes kafkajs's own log lines through Nest's logger, as `createKafkajsLogCreator` describes. */
export const nestLogCreator: logCreator = createKafkajsLogCreator();
