import { EventError } from './event.error';

/** Signals a payload that does not satisfy its event type's schema. */
export class SchemaViolationError extends EventError {
  override readonly code = 'schema-violation';

  /** Creates the error for the event type and its schema issues, each as `'path: message'`. */
  constructor(
    readonly eventType: string,
    readonly issues: string[],
  ) {
    super(
      `Payload of event '${eventType}' violates its schema (${issues.join('; ')}); fix the ` +
        `producer, or evolve the type with a new version and an upcaster`,
    );
  }
}
