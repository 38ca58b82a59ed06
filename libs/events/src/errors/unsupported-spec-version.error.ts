import { CLOUD_EVENTS_SPEC_VERSION, CloudEventHeaders } from '../cloud-event-headers.constants';
import { EventError } from './event.error';

/** Signals an event sent under a CloudEvents specification version other than 1.0. */
export class UnsupportedSpecVersionError extends EventError {
  override readonly code = 'unsupported-spec-version';

  /** Creates the error for the spec version the event declared. */
  constructor(readonly specVersion: string) {
    super(
      `Event header '${CloudEventHeaders.specVersion}' is '${specVersion}' but only ` +
        `'${CLOUD_EVENTS_SPEC_VERSION}' is supported; producers must send CloudEvents ` +
        `${CLOUD_EVENTS_SPEC_VERSION} (see libs/events/README.md)`,
    );
  }
}
