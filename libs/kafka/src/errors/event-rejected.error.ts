/**
 * Thrown by a handler to refuse an event for good: the event goes to the dead-letter topic and a
 * tracked request is answered with a rejection carrying `code` and the message.
 */
export class EventRejectedError extends Error {
  readonly retriable = false;

  constructor(
    message: string,
    /** A stable, machine-readable reason, e.g. 'email-taken'. */
    readonly code: string = 'rejected',
  ) {
    super(message);
    this.name = new.target.name;
  }
}
