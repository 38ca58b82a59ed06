import {
  CloudEventHeaders,
  DeadLetterHeaders,
  deadLetterTopicOf,
  readHeader,
  RawHeaderValue,
  toStorableText,
} from '@app/events';
import { OutboxRecord } from '@app/persistence';
import { InboundMessage } from '../broker/inbound-message';
import { failureCode } from '../errors/failure-kind';
import { DeadLetterMark } from './partition-batch';

const MAX_ERROR_MESSAGE = 1000;

/**
 * Builds the dead-letter copy of an event: the original key, value and headers, plus headers
 * saying why it failed and where it came from, bound for `<topic>.dlq`. A NUL character in the
 * key or a header, which PostgreSQL cannot store, becomes U+FFFD (the original stays at its
 * offset in the source topic): a bad event can always be set aside, so it never stops the
 * events behind it.
 */
export function deadLetterRecord(
  message: InboundMessage,
  mark: DeadLetterMark,
  consumerGroup: string,
  failedAt: Date,
): OutboxRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = toStorableText(text);
  }
  const error = mark.error;
  Object.assign(headers, {
    [DeadLetterHeaders.errorCode]: failureCode(error),
    [DeadLetterHeaders.errorMessage]: toStorableText(
      (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_MESSAGE),
    ),
    [DeadLetterHeaders.originalTopic]: message.topic,
    [DeadLetterHeaders.originalPartition]: String(message.partition),
    [DeadLetterHeaders.originalOffset]: message.offset.toString(),
    [DeadLetterHeaders.attempts]: String(mark.attempts),
    [DeadLetterHeaders.consumerGroup]: consumerGroup,
    [DeadLetterHeaders.failedAt]: failedAt.toISOString(),
  });
  return {
    eventId: toStorableText(
      readHeader(message, CloudEventHeaders.id) ||
        `${message.topic}:${message.partition}:${message.offset}`,
    ),
    topic: deadLetterTopicOf(message.topic),
    key: message.key === null ? null : toStorableText(message.key.toString()),
    value: message.value,
    headers,
  };
}

function headerText(value: RawHeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
