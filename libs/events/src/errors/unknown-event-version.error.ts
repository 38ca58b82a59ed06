import { CloudEventHeaders } from '../cloud-event-headers.constants';
import { EventError } from './event.error';

/** Signals an event whose data version is not an integer from 1 to the type's current version. */
export class UnknownEventVersionError extends EventError {
  override readonly code = 'unknown-event-version';

  /** Creates the error for the event type, the version it declared and the latest known one. */
  constructor(
    readonly eventType: string,
    readonly dataVersion: string,
    readonly currentVersion: number,
  ) {
    super(
      `Event '${eventType}' has '${CloudEventHeaders.dataVersion}' '${dataVersion}' but this ` +
        `consumer knows versions 1 to ${currentVersion}; deploy the consumer with the newer ` +
        `catalogue before producers send a new version`,
    );
  }
}
