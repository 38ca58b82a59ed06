/**
 * Marks a permanent failure to read or write an event: retrying the same bytes fails the same
 * way, so the transport dead-letters the event instead of retrying it.
 */
export abstract class EventError extends Error {
  /** Identifies the kind of failure in a stable, kebab-case form (used in dead-letter headers). */
  abstract readonly code: string;

  /**
   * Tells the transport whether retrying could succeed; event errors never can.
   *
   * @default false
   */
  readonly retriable: boolean = false;

  /** Creates the error with a message that says what was wrong and what to do. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
