import { LoggerService } from '@nestjs/common';
import { ReadinessLog } from './readiness-log';

/** A logger that keeps each line as `level: message`. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  error = (message: string) => this.lines.push(`error: ${message}`);
  warn = (message: string) => this.lines.push(`warn: ${message}`);
  log = (message: string) => this.lines.push(`log: ${message}`);
}

const consumerDown = { 'kafka-consumer': { status: 'down', joined: false } };

describe(ReadinessLog, () => {
  it('says once, not as an error, that a starting app is not ready yet, then that it is ready', () => {
    const logger = new RecordingLogger();
    const readiness = new ReadinessLog(logger);

    readiness.down(consumerDown);
    readiness.down(consumerDown);
    readiness.down(consumerDown);
    readiness.up();
    readiness.up();

    expect(logger.lines).toEqual([
      'log: Not ready yet (starting): kafka-consumer {"status":"down","joined":false}',
      'log: Ready',
    ]);
  });

  it('warns once when a ready app loses readiness, and says when it is back', () => {
    const logger = new RecordingLogger();
    const readiness = new ReadinessLog(logger);
    readiness.up();

    readiness.down(consumerDown);
    readiness.down(consumerDown);
    readiness.up();
    readiness.down(consumerDown);

    expect(logger.lines).toEqual([
      'log: Ready',
      'warn: Not ready: kafka-consumer {"status":"down","joined":false}',
      'log: Ready again',
      'warn: Not ready: kafka-consumer {"status":"down","joined":false}',
    ]);
  });
});
