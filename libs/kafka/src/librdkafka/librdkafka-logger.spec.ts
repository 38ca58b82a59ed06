import { LoggerService } from '@nestjs/common';
import { ConnectionFailureLog } from './connection-failure-log';
import { librdkafkaLogger } from './librdkafka-logger';

/** A Nest logger that keeps what it is given, by level. */
class RecordingLogger implements LoggerService {
  readonly lines: { level: string; message: unknown }[] = [];
  log = (message: unknown): void => void this.lines.push({ level: 'log', message });
  warn = (message: unknown): void => void this.lines.push({ level: 'warn', message });
  error = (message: unknown): void => void this.lines.push({ level: 'error', message });
  debug = (message: unknown): void => void this.lines.push({ level: 'debug', message });
}

describe(librdkafkaLogger.name, () => {
  it("records the client's broker failures at any level, printing only errors and warnings, as warnings", () => {
    const failures = new ConnectionFailureLog();
    const nest = new RecordingLogger();
    const logger = librdkafkaLogger(failures, nest);

    logger.error('SASL authentication error: Authentication failed', { fac: 'FAIL' });
    logger.info('Disconnected: connection closed by peer', { fac: 'FAIL' });
    logger.info('Producer connected', { fac: 'BINDING' });

    expect(failures.latest()).toBe('Disconnected: connection closed by peer');
    expect(nest.lines).toEqual([
      {
        level: 'warn',
        message: { message: 'SASL authentication error: Authentication failed', fac: 'FAIL' },
      },
    ]);
  });

  it('records no other facility as a broker failure', () => {
    const failures = new ConnectionFailureLog();
    const logger = librdkafkaLogger(failures, new RecordingLogger());

    logger.error('Error: authentication failure', { fac: 'BINDING' });

    expect(failures.latest()).toBeUndefined();
  });
});
