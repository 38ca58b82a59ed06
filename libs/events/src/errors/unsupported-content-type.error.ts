import { CloudEventHeaders, JSON_CONTENT_TYPE } from '../cloud-event-headers.constants';
import { EventError } from './event.error';

/** Signals an event whose value is declared in a content type other than UTF-8 JSON. */
export class UnsupportedContentTypeError extends EventError {
  override readonly code = 'unsupported-content-type';

  /** Creates the error for the content type the event declared. */
  constructor(readonly contentType: string) {
    super(
      `Event header '${CloudEventHeaders.contentType}' is '${contentType}' but only ` +
        `'${JSON_CONTENT_TYPE}' (optionally '; charset=utf-8') is supported; producers must ` +
        `send the payload as UTF-8 JSON (see libs/events/README.md)`,
    );
  }
}
