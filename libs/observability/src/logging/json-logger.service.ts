import { LoggerService, LogLevel } from '@nestjs/common';
import { LOG_LEVEL_ORDER, ObservabilityDefaults } from '../observability.constants';
import { currentLogContext } from './log-context';
import { redactSecrets } from './redact-secrets';
import { JsonValue, toJsonSafe } from './to-json-safe';

/** Where log lines go: anything with a `write(string)`, such as `process.stdout`. */
export interface LogOutput {
  write(chunk: string): unknown;
}

/** Settings of a `JsonLogger`. */
export interface JsonLoggerOptions {
  /** The service name every line carries, such as `customers-worker`. */
  readonly service: string;
  /** Lowest level written. @default 'log' */
  readonly minLevel?: LogLevel;
  /** @default process.stdout */
  readonly output?: LogOutput;
  /** Returns the time stamped on each line. @default () => new Date() */
  readonly clock?: () => Date;
}

/** Keys a line's own fields may not overwrite. */
const RESERVED_KEYS = new Set(['time', 'level', 'service', 'context', 'message']);

/** What Nest's TypeOrmModule logs, at error, before it tries to connect again. */
const TYPEORM_RETRY = /^Unable to connect to the database\. Retrying \((\d+)\)/;

/** A V8 stack trace as Nest passes it to `error(message, stack, context)`. */
const STACK_TRACE = /\n\s+at /;

type Fields = { [key: string]: JsonValue };

/**
 * Writes one JSON object per line: `{ time, level, service, context, message, ...fields }`, plus
 * the active log context (`trackingId`, `eventId`, `eventType`), secrets redacted (see
 * `redactSecrets`). Follows Nest's calling
 * convention: a trailing string argument is the context, a stack-trace string is the stack,
 * errors and plain objects become fields.
 */
export class JsonLogger implements LoggerService {
  private readonly service: string;
  private readonly output: LogOutput;
  private readonly clock: () => Date;
  private enabled: ReadonlySet<LogLevel>;

  /** @throws Error when the service name is empty or the minimum level is unknown. */
  constructor(options: JsonLoggerOptions) {
    if (typeof options.service !== 'string' || options.service.trim() === '') {
      throw new Error('JsonLogger needs a non-empty `service` name, such as "customers-worker".');
    }
    this.service = options.service;
    this.output = options.output ?? process.stdout;
    this.clock = options.clock ?? (() => new Date());
    this.enabled = levelsFrom(options.minLevel ?? ObservabilityDefaults.logLevel);
  }

  /** Writes a line at level `log`. */
  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('log', message, optionalParams);
  }

  /**
   * Writes a line at level `error`; a stack-trace string argument becomes the `stack` field.
   * Nest's TypeOrmModule reports each failed connection attempt at start as an error though it
   * tries again: its first attempt is written as a warning and the next ones at debug (once per
   * episode); if every attempt fails, the start fails and says so at error.
   */
  error(message: unknown, ...optionalParams: unknown[]): void {
    const retry = typeof message === 'string' ? TYPEORM_RETRY.exec(message) : null;
    if (retry && optionalParams.at(-1) === 'TypeOrmModule') {
      this.write(retry[1] === '1' ? 'warn' : 'debug', message, optionalParams);
      return;
    }
    this.write('error', message, optionalParams);
  }

  /** Writes a line at level `warn`. */
  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  /** Writes a line at level `debug`. */
  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  /** Writes a line at level `verbose`. */
  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('verbose', message, optionalParams);
  }

  /** Writes a line at level `fatal`. */
  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** Enables exactly the given levels (Nest calls this for `NestFactory.create(..., { logger: [...] })`). */
  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  /** Tells whether lines of `level` are written. */
  isLevelEnabled(level: LogLevel): boolean {
    return this.enabled.has(level);
  }

  private write(level: LogLevel, message: unknown, optionalParams: unknown[]): void {
    if (!this.enabled.has(level)) return;
    const params = optionalParams.filter((param) => param !== undefined);
    const last = params.at(-1);
    const context = typeof last === 'string' && !STACK_TRACE.test(last) ? params.pop() : undefined;
    const fields: Fields = {};
    const text = absorb(message, fields, true);
    for (const param of params) absorb(param, fields, false);
    const line: Fields = {
      time: this.clock().toISOString(),
      level,
      service: this.service,
      ...(typeof context === 'string' ? { context } : {}),
      message: text,
    };
    for (const [key, value] of Object.entries({ ...contextFields(), ...fields })) {
      if (!RESERVED_KEYS.has(key)) line[key] = value;
    }
    this.output.write(`${JSON.stringify(line, redactSecrets)}\n`);
  }
}

/** Returns the levels at or above `minLevel`. */
function levelsFrom(minLevel: LogLevel): ReadonlySet<LogLevel> {
  const index = LOG_LEVEL_ORDER.indexOf(minLevel);
  if (index < 0) {
    throw new Error(
      `Unknown log level '${String(minLevel)}'; use one of ${LOG_LEVEL_ORDER.join(', ')}.`,
    );
  }
  return new Set(LOG_LEVEL_ORDER.slice(index));
}

function contextFields(): Fields {
  const context = currentLogContext();
  return context ? (toJsonSafe(context) as Fields) : {};
}

/**
 * Moves one logged argument into `fields` and returns its text: an error fills `error` (and gives
 * its message when it is the main message), a stack trace fills `stack`, a plain object's keys
 * become fields (the main message's `message` key is the text); other values go to `params`.
 */
function absorb(value: unknown, fields: Fields, isMessage: boolean): string {
  if (typeof value === 'string') {
    if (isMessage) return value;
    if (STACK_TRACE.test(value) && fields.stack === undefined) fields.stack = value;
    else appendParam(fields, value);
    return '';
  }
  if (value instanceof Error) {
    fields.error = toJsonSafe(value);
    return isMessage ? value.message : '';
  }
  if (isPlainObject(value) && isMessage) {
    const { message, ...rest } = value;
    Object.assign(fields, toJsonSafe(rest));
    return message === undefined ? '' : textOf(message);
  }
  if (isPlainObject(value)) {
    Object.assign(fields, toJsonSafe(value));
    return '';
  }
  if (isMessage) return textOf(value);
  appendParam(fields, value);
  return '';
}

function textOf(value: unknown): string {
  const safe = toJsonSafe(value);
  return typeof safe === 'string' ? safe : JSON.stringify(safe);
}

function appendParam(fields: Fields, value: unknown): void {
  const params = Array.isArray(fields.params) ? fields.params : [];
  fields.params = [...params, toJsonSafe(value)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
