/**
 * Signals a programming error in the event catalogue itself (a malformed type name, a missing
 * upcaster, a duplicate type); it is thrown at start-up, never while handling an event.
 */
export class InvalidEventDefinitionError extends Error {
  /** Creates the error with a message that says which definition is wrong and how to fix it. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
