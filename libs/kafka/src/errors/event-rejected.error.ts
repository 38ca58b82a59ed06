/** How a rejection is handled beyond answering the request. */
export interface RejectionOptions {
  /**
   * Copies the event to the dead-letter topic for operators. Set false for an ordinary business
   * refusal (an email already taken): the requester is answered and nothing needs inspection.
   * @default true
   */
  readonly deadLetter?: boolean;
}

/**
 * Thrown by a handler to refuse an event for good: nothing it wrote is kept, a tracked request
 * is answered with a rejection carrying `code` and the message, and (by default) the event goes
 * to the dead-letter topic.
 */
export class EventRejectedError extends Error {
  readonly retriable = false;
  readonly deadLetter: boolean;

  constructor(
    message: string,
    /** A stable, machine-readable reason, e.g. 'email-taken'. */
    readonly code: string = 'rejected',
    options: RejectionOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.deadLetter = options.deadLetter ?? true;
  }
}
