import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line carries while a unit of work (one event, one request) is in hand. */
export interface LogContext {
  /** The tracking id of the request the event belongs to. */
  readonly trackingId?: string;
  /** The CloudEvents `ce_id` of the event in hand. */
  readonly eventId?: string;
  /** The CloudEvents `ce_type` of the event in hand. */
  readonly eventType?: string;
  /** Any further scalar field (topic, partition ...). */
  readonly [field: string]: string | number | boolean | undefined;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` added to the active log context, across every await inside it. */
export function runWithLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** Returns the log context active here, or undefined outside `runWithLogContext`. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
