import { EventError } from './event.error';

/** Signals an event type that the catalogue does not declare. */
export class UnknownEventTypeError extends EventError {
  override readonly code = 'unknown-event-type';

  /** Creates the error for the undeclared event type. */
  constructor(readonly eventType: string) {
    super(
      `Event type '${eventType}' is not in the event catalogue; declare it with defineEvent in ` +
        `libs/events and add it to the catalogue, or fix the producer's type`,
    );
  }
}
