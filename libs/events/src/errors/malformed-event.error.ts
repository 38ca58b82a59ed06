import { EventError } from './event.error';

/** Signals an event whose bytes cannot be read: an invalid time, an empty or non-JSON value. */
export class MalformedEventError extends EventError {
  override readonly code = 'malformed-event';
}
