/**
 * Our JsonLogger against pino (what nestjs-pino wraps), per log line, in the same run: the line a
 * worker writes per handled event at level debug (message, context, trackingId / eventId /
 * eventType from the log context) and a warn line with an error and a credential to redact.
 * pino is set up to write our fields (ISO time, level label, service, message, the log context
 * by mixin, the same keys redacted); both write to a sink that drops the text, so the figure is
 * the cost of building the line. No server needed:
 * `npx ts-node --transpile-only -r tsconfig-paths/register bench/logging/pino.ts`
 */
import { currentLogContext, JsonLogger, runWithLogContext } from '@app/observability';
import { loadavg } from 'node:os';
import pino from 'pino';

const LINES = Number(process.env.LOG_LINES ?? 100_000);
const ROUNDS = 3;

/** A sink that counts what it is given and keeps none of it. */
const sink = {
  bytes: 0,
  write(chunk: string): boolean {
    this.bytes += chunk.length;
    return true;
  },
};

const ours = new JsonLogger({ service: 'customers-worker', minLevel: 'debug', output: sink });

const theirs = pino(
  {
    level: 'debug',
    base: { service: 'customers-worker' },
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...currentLogContext() }),
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'],
      censor: '[REDACTED]',
    },
  },
  sink,
);

const failure = Object.assign(new Error('Broker refused the client'), { code: 'SASL' });
const credentials = { mechanism: 'plain', username: 'svc', password: 'kafka-s3cret' };

function lineOfOurs(i: number): void {
  if (i % 10 === 0)
    ours.warn({ message: 'Reconnecting', error: failure, sasl: credentials }, 'Kafka');
  else ours.debug(`Handled customers.create-customer e-${i}`, 'KafkaWorkerTransport');
}

function lineOfPino(i: number): void {
  if (i % 10 === 0)
    theirs.warn({ context: 'Kafka', err: failure, sasl: credentials }, 'Reconnecting');
  else
    theirs.debug({ context: 'KafkaWorkerTransport' }, `Handled customers.create-customer e-${i}`);
}

function microsPerLine(write: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < LINES; i++) {
    const context = {
      trackingId: `t-${i}`,
      eventId: `e-${i}`,
      eventType: 'customers.create-customer',
    };
    runWithLogContext(context, () => write(i));
  }
  return Number(process.hrtime.bigint() - start) / 1_000 / LINES;
}

microsPerLine(lineOfOurs);
microsPerLine(lineOfPino); // warm both up
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let round = 1; round <= ROUNDS; round++) {
  const a = microsPerLine(lineOfOurs);
  const b = microsPerLine(lineOfPino);
  console.log(
    `round ${round}: ours ${a.toFixed(2)} µs/line, pino ${b.toFixed(2)} µs/line (${(a / b).toFixed(2)}x pino's)`,
  );
}
