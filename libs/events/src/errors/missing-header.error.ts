import { EventError } from './event.error';

/** Signals an event that lacks a required CloudEvents header. */
export class MissingHeaderError extends EventError {
  override readonly code = 'missing-header';

  /** Creates the error for the missing header's name (e.g. `ce_type`). */
  constructor(readonly header: string) {
    super(
      `Event header '${header}' is missing; producers must send CloudEvents binary-mode headers ` +
        `(see libs/events/README.md)`,
    );
  }
}
