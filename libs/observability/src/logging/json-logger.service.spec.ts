import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { JsonLogger, JsonLoggerOptions } from './json-logger.service';
import { runWithLogContext } from './log-context';

/** A writable that keeps every line written to it. */
class CapturedOutput extends Writable {
  readonly chunks: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }

  lines(): Record<string, unknown>[] {
    return this.chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>);
  }
}

const time = new Date('2025-01-02T03:04:05.678Z');

function createLogger(options: Partial<JsonLoggerOptions> = {}): {
  logger: JsonLogger;
  output: CapturedOutput;
} {
  const output = new CapturedOutput();
  const logger = new JsonLogger({
    service: 'customers-worker',
    output,
    clock: () => time,
    ...options,
  });
  return { logger, output };
}

describe(JsonLogger, () => {
  describe('constructor', () => {
    it('throws when the service name is empty', () => {
      expect(() => new JsonLogger({ service: ' ' })).toThrow(/service/);
    });

    it('throws when the minimum level is unknown', () => {
      expect(() => new JsonLogger({ service: 's', minLevel: 'loud' as never })).toThrow(
        /Unknown log level 'loud'/,
      );
    });
  });

  describe('log', () => {
    it('writes one JSON object per line with time, level, service, context and message', () => {
      const { logger, output } = createLogger();
      logger.log('Customer created', 'CreateCustomerHandler');
      expect(output.chunks).toEqual([
        '{"time":"2025-01-02T03:04:05.678Z","level":"log","service":"customers-worker",' +
          '"context":"CreateCustomerHandler","message":"Customer created"}\n',
      ]);
    });

    it('leaves the context out when none is given', () => {
      const { logger, output } = createLogger();
      logger.log('started');
      expect(output.lines()[0]).not.toHaveProperty('context');
    });

    it('spreads a plain object message into fields, its message key becoming the message', () => {
      const { logger, output } = createLogger();
      logger.log(
        { message: 'Batch done', topic: 'customer-commands', partition: 3, level: 'ignored' },
        'Worker',
      );
      expect(output.lines()[0]).toEqual({
        time: time.toISOString(),
        level: 'log',
        service: 'customers-worker',
        context: 'Worker',
        message: 'Batch done',
        topic: 'customer-commands',
        partition: 3,
      });
    });

    it('merges plain object parameters into fields and keeps other values in params', () => {
      const { logger, output } = createLogger();
      logger.log('Retrying', { attempt: 2 }, 42, 'Retry');
      expect(output.lines()[0]).toMatchObject({
        message: 'Retrying',
        attempt: 2,
        params: [42],
        context: 'Retry',
      });
    });

    it('adds the active log context to the line when one is active', async () => {
      const { logger, output } = createLogger();
      await runWithLogContext(
        { trackingId: 't-1', eventId: 'e-1', eventType: 'customers.create-customer' },
        async () => {
          await Promise.resolve();
          logger.log('Handled');
        },
      );
      expect(output.lines()[0]).toMatchObject({
        message: 'Handled',
        trackingId: 't-1',
        eventId: 'e-1',
        eventType: 'customers.create-customer',
      });
    });

    it('renders bigints, dates and cycles without throwing', () => {
      const { logger, output } = createLogger();
      const cyclic: Record<string, unknown> = { offset: 10n, at: time };
      cyclic.self = cyclic;
      logger.log('odd values', cyclic);
      expect(output.lines()[0]).toMatchObject({
        offset: '10',
        at: time.toISOString(),
        self: '[Circular]',
      });
    });
  });

  describe('error', () => {
    it('serializes an error given as the message into the error field', () => {
      const { logger, output } = createLogger();
      const cause = new Error('connection refused');
      const error = Object.assign(new Error('Insert failed', { cause }), { code: '57P01' });
      logger.error(error, 'Materializer');
      const line = output.lines()[0];
      expect(line).toMatchObject({
        level: 'error',
        context: 'Materializer',
        message: 'Insert failed',
      });
      expect(line.error).toMatchObject({
        name: 'Error',
        message: 'Insert failed',
        code: '57P01',
        stack: expect.stringContaining('Insert failed'),
        cause: { name: 'Error', message: 'connection refused' },
      });
    });

    it('takes a stack-trace argument as the stack field, not as the context', () => {
      const { logger, output } = createLogger();
      const stack = new Error('boom').stack ?? '';
      logger.error('Unhandled', stack);
      const line = output.lines()[0];
      expect(line).toMatchObject({ message: 'Unhandled', stack });
      expect(line).not.toHaveProperty('context');
    });

    it('reads Nest’s (message, stack, context) convention', () => {
      const { logger, output } = createLogger();
      const stack = new Error('boom').stack ?? '';
      logger.error('Unhandled', stack, 'ExceptionsHandler');
      expect(output.lines()[0]).toMatchObject({
        message: 'Unhandled',
        stack,
        context: 'ExceptionsHandler',
      });
    });

    it("writes TypeOrmModule's retried connection attempts as one warning, then debug", () => {
      const { logger, output } = createLogger({ minLevel: 'debug' });
      const stack = new Error('connect ECONNREFUSED').stack ?? '';
      for (const attempt of [1, 2, 3])
        logger.error(
          `Unable to connect to the database. Retrying (${attempt})...`,
          stack,
          'TypeOrmModule',
        );
      logger.error('Unable to connect to the database. Retrying (1)...', stack, 'Elsewhere');
      expect(output.lines().map((line) => line.level)).toEqual(['warn', 'debug', 'debug', 'error']);
    });
  });

  describe('minLevel', () => {
    it('drops lines below the minimum level', () => {
      const { logger, output } = createLogger({ minLevel: 'warn' });
      logger.verbose('v');
      logger.debug('d');
      logger.log('l');
      logger.warn('w');
      logger.error('e');
      logger.fatal('f');
      expect(output.lines().map((line) => line.level)).toEqual(['warn', 'error', 'fatal']);
    });

    it('writes log and above when no minimum is given', () => {
      const { logger } = createLogger();
      expect(
        ['verbose', 'debug', 'log', 'warn'].map((level) => logger.isLevelEnabled(level as never)),
      ).toEqual([false, false, true, true]);
    });
  });

  describe('setLogLevels', () => {
    it('enables exactly the given levels', () => {
      const { logger, output } = createLogger();
      logger.setLogLevels(['debug', 'error']);
      logger.log('l');
      logger.debug('d');
      logger.error('e');
      expect(output.lines().map((line) => line.level)).toEqual(['debug', 'error']);
    });
  });

  describe('as the logger behind Nest’s Logger', () => {
    afterEach(() => Logger.overrideLogger(true));

    it('receives the Logger instance’s context', () => {
      const { logger, output } = createLogger();
      Logger.overrideLogger(logger);
      new Logger('OutboxRelay').warn('Broker unreachable');
      new Logger('OutboxRelay').error('Publish failed');
      expect(output.lines()).toMatchObject([
        { level: 'warn', context: 'OutboxRelay', message: 'Broker unreachable' },
        { level: 'error', context: 'OutboxRelay', message: 'Publish failed' },
      ]);
    });
  });

  describe('secrets', () => {
    const password = 'pg-s3cret';
    const databaseUrl = `postgresql://app:${password}@db.internal:5432/app`;

    it('writes no DATABASE_URL password, in the message, a field or an error, when one is logged', () => {
      const { logger, output } = createLogger();
      logger.error(
        new Error(`connect failed for ${databaseUrl}`),
        { DATABASE_URL: databaseUrl },
        'Persistence',
      );
      logger.log(`Connecting to ${databaseUrl}`);
      const text = output.chunks.join('');
      expect(text).not.toContain(password);
      expect(output.lines()[0]).toMatchObject({
        message: 'connect failed for postgresql://app:[REDACTED]@db.internal:5432/app',
        DATABASE_URL: 'postgresql://app:[REDACTED]@db.internal:5432/app',
        context: 'Persistence',
      });
    });

    it('writes no credential or token field value, at any depth, when an object holding them is logged', () => {
      const { logger, output } = createLogger();
      logger.warn({
        message: 'Broker refused the client',
        sasl: { mechanism: 'plain', username: 'svc', password: 'kafka-s3cret' },
        headers: { authorization: 'Bearer abc.def.ghi', 'x-api-key': 'key-123' },
        accessToken: 'tok-123',
        clientSecret: 'cs-123',
      });
      const text = output.chunks.join('');
      for (const secret of ['kafka-s3cret', 'abc.def.ghi', 'key-123', 'tok-123', 'cs-123']) {
        expect(text).not.toContain(secret);
      }
      expect(output.lines()[0]).toMatchObject({
        sasl: { mechanism: 'plain', username: 'svc', password: '[REDACTED]' },
        headers: { authorization: '[REDACTED]', 'x-api-key': '[REDACTED]' },
      });
    });

    it('writes no token or password inside text when a header or a libpq string is logged', () => {
      const { logger, output } = createLogger();
      logger.log(
        'Authorization: Bearer eyJhbGciOi.payload.sig from host=db password=pw-1 user=app',
      );
      expect(output.lines()[0]?.message).toBe(
        'Authorization: Bearer [REDACTED] from host=db password=[REDACTED] user=app',
      );
    });

    it('keeps the fields users search by when nothing in them is secret', () => {
      const { logger, output } = createLogger();
      runWithLogContext(
        { trackingId: 't-1', eventId: 'e-1', eventType: 'customers.create-customer' },
        () => logger.log('Handled', 'Materializer'),
      );
      expect(output.lines()[0]).toEqual({
        time: time.toISOString(),
        level: 'log',
        service: 'customers-worker',
        context: 'Materializer',
        message: 'Handled',
        trackingId: 't-1',
        eventId: 'e-1',
        eventType: 'customers.create-customer',
      });
    });
  });
});
