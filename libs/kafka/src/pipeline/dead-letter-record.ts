import {
  CloudEventHeaders,
  DeadLetterHeaders,
  deadLetterTopicOf,
  readHeader,
  RawHeaderValue,
  toStorableText,
} from '@app/events';
import { OutboxRecord } from '@app/persistence';
import { createHash } from 'node:crypto';
import { InboundMessage } from '../broker/inbound-message';
import { deadLetterFingerprint } from '../dead-letters/dead-letter-fingerprint';
import { failureCode } from '../errors/failure-kind';
import { WorkerDefaults } from '../transport/kafka-worker.constants';
import { DeadLetterMark } from './partition-batch';

const MAX_ERROR_MESSAGE = 1000;
/** What the broker adds to a record beyond its key, value and headers, generously counted. */
const RECORD_FRAMING_BYTES = 512;

/**
 * Builds the dead-letter copy of an event: the original key, value and headers, plus headers
 * saying why it failed and where it came from, bound for `<topic>.dlq`. A NUL character in the
 * key or a header, which PostgreSQL cannot store, becomes U+FFFD (the original stays at its
 * offset in the source topic): a bad event can always be set aside, so it never stops the
 * events behind it. A copy that would exceed `maxBytes` carries the value cut to fit, with the
 * original's size and SHA-256 in headers: the original stays at its offset in the source topic.
 */
export function deadLetterRecord(
  message: InboundMessage,
  mark: DeadLetterMark,
  consumerGroup: string,
  failedAt: Date,
  maxBytes: number = WorkerDefaults.maxDeadLetterBytes,
): OutboxRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = toStorableText(text);
  }
  Object.assign(headers, {
    ...failureHeaders(mark.error),
    [DeadLetterHeaders.fingerprint]: deadLetterFingerprintOf(message, mark.error),
    [DeadLetterHeaders.originalTopic]: message.topic,
    [DeadLetterHeaders.originalPartition]: String(message.partition),
    [DeadLetterHeaders.originalOffset]: message.offset.toString(),
    [DeadLetterHeaders.attempts]: String(mark.attempts),
    [DeadLetterHeaders.consumerGroup]: consumerGroup,
    [DeadLetterHeaders.failedAt]: failedAt.toISOString(),
  });
  const key = message.key === null ? null : toStorableText(message.key.toString());
  return {
    eventId: toStorableText(
      readHeader(message, CloudEventHeaders.id) ||
        `${message.topic}:${message.partition}:${message.offset}`,
    ),
    topic: deadLetterTopicOf(message.topic),
    key,
    value: valueWithin(message.value, maxBytes, key, headers),
    headers,
  };
}

/**
 * Returns the fingerprint the dead-letter copy of `message`, failed with `error`, carries in
 * `dlq_fingerprint`: the one `npm run dlq` reads from the copy's headers.
 */
export function deadLetterFingerprintOf(message: InboundMessage, error: unknown): string {
  const type = headerText(message.headers[CloudEventHeaders.type]);
  return deadLetterFingerprint({
    [CloudEventHeaders.type]: type === undefined ? undefined : toStorableText(type),
    ...failureHeaders(error),
  });
}

/** The headers that say why an event failed: its error's code and message. */
function failureHeaders(error: unknown): Record<string, string> {
  return {
    [DeadLetterHeaders.errorCode]: failureCode(error),
    [DeadLetterHeaders.errorMessage]: toStorableText(
      (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_MESSAGE),
    ),
  };
}

/** Returns the value, or its head when the record would exceed `maxBytes`, adding headers that say so. */
function valueWithin(
  value: Buffer | null,
  maxBytes: number,
  key: string | null,
  headers: Record<string, string>,
): Buffer | null {
  if (value === null) return null;
  const rest = () => RECORD_FRAMING_BYTES + Buffer.byteLength(key ?? '') + headerBytes(headers);
  if (rest() + value.length <= maxBytes) return value;
  Object.assign(headers, {
    [DeadLetterHeaders.valueTruncated]: 'true',
    [DeadLetterHeaders.valueSize]: String(value.length),
    [DeadLetterHeaders.valueSha256]: createHash('sha256').update(value).digest('hex'),
  });
  return value.subarray(0, Math.max(0, maxBytes - rest()));
}

function headerBytes(headers: Record<string, string>): number {
  let bytes = 0;
  for (const [name, text] of Object.entries(headers))
    bytes += Buffer.byteLength(name) + Buffer.byteLength(text);
  return bytes;
}

function headerText(value: RawHeaderValue): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
