import { LoggerService } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { createKafkajsLogCreator, KAFKAJS_WARNING_EPISODE_MS } from './kafkajs-log-creator';

type Level = 'error' | 'warn' | 'log' | 'debug';

/** A logger that keeps what it was given, level and entry. */
class RecordingLogger implements LoggerService {
  readonly lines: { level: Level; entry: unknown }[] = [];
  error = (entry: unknown) => this.lines.push({ level: 'error', entry });
  warn = (entry: unknown) => this.lines.push({ level: 'warn', entry });
  log = (entry: unknown) => this.lines.push({ level: 'log', entry });
  debug = (entry: unknown) => this.lines.push({ level: 'debug', entry });
}

function setUp() {
  const logger = new RecordingLogger();
  let clock = 0;
  const write = createKafkajsLogCreator({ logger, now: () => clock })(logLevel.DEBUG);
  const kafkajsLogs = (level: logLevel, message: string, fields: Record<string, unknown> = {}) =>
    write({
      namespace: 'Runner',
      level,
      label: logLevel[level],
      log: { timestamp: 'now', logger: 'kafkajs', message, ...fields },
    });
  return { logger, kafkajsLogs, advance: (ms: number) => (clock += ms) };
}

describe(createKafkajsLogCreator.name, () => {
  it('writes a retried condition that kafkajs logs as an error as a warning, with its fields', () => {
    const { logger, kafkajsLogs } = setUp();

    kafkajsLogs(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', {
      error: 'The group is rebalancing, so a rejoin is needed',
      broker: '127.0.0.1:9092',
    });

    expect(logger.lines).toEqual([
      {
        level: 'warn',
        entry: {
          message: 'Response Heartbeat(key: 12, version: 3)',
          error: 'The group is rebalancing, so a rejoin is needed',
          broker: '127.0.0.1:9092',
        },
      },
    ]);
  });

  it('writes a repeat of the same condition within one episode at debug, numbers aside', () => {
    const { logger, kafkajsLogs, advance } = setUp();

    kafkajsLogs(logLevel.ERROR, 'Restarting the consumer in 300ms');
    advance(1_000);
    kafkajsLogs(logLevel.ERROR, 'Restarting the consumer in 612ms');
    advance(KAFKAJS_WARNING_EPISODE_MS - 1);
    kafkajsLogs(logLevel.ERROR, 'Restarting the consumer in 1202ms');

    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'debug', 'debug']);
  });

  it('warns again when the condition comes back after a quiet episode gap', () => {
    const { logger, kafkajsLogs, advance } = setUp();

    kafkajsLogs(logLevel.WARN, 'Connection error: connect ECONNREFUSED');
    advance(KAFKAJS_WARNING_EPISODE_MS);
    kafkajsLogs(logLevel.WARN, 'Connection error: connect ECONNREFUSED');

    expect(logger.lines.map((line) => line.level)).toEqual(['warn', 'warn']);
  });

  it('keeps an error that kafkajs neither retries nor reports to the worker at error', () => {
    const { logger, kafkajsLogs } = setUp();

    kafkajsLogs(logLevel.ERROR, 'Offset out of range, resetting to default offset', {
      topic: 't',
    });

    expect(logger.lines.map((line) => line.level)).toEqual(['error']);
  });

  it('writes info as log and debug as debug', () => {
    const { logger, kafkajsLogs } = setUp();

    kafkajsLogs(logLevel.INFO, 'Consumer has joined the group');
    kafkajsLogs(logLevel.DEBUG, 'Request Fetch');

    expect(logger.lines.map((line) => line.level)).toEqual(['log', 'debug']);
  });
});
