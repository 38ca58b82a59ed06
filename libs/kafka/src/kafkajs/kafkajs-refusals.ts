import { KafkaJSProtocolError } from 'kafkajs';
import { RecordRefusedError } from '../errors/record-refused.error';

/**
 * Broker error codes that refuse the records of a produce request themselves: retrying the same
 * records can never succeed. kafkajs marks CORRUPT_MESSAGE retriable (a bit flip on the wire),
 * but a broker also answers it for a record it deems invalid, and kafkajs has already retried
 * it by the time it reaches us.
 * @see https://kafka.apache.org/protocol#protocol_error_codes
 */
export const RECORD_REFUSAL_CODES: ReadonlySet<string> = new Set([
  'CORRUPT_MESSAGE',
  'MESSAGE_TOO_LARGE',
  'INVALID_TOPIC_EXCEPTION',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_TIMESTAMP',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
  'POLICY_VIOLATION',
  'INVALID_RECORD',
]);

/**
 * Maps a kafkajs produce failure to the port's terms: a refusal of the records (found by the
 * broker's error code anywhere in the cause chain, never by message text) becomes a
 * `RecordRefusedError`; anything else is returned as it is.
 */
export function toProduceError(error: unknown): unknown {
  const protocolError = protocolErrorIn(error);
  if (protocolError && RECORD_REFUSAL_CODES.has(protocolError.type)) {
    return new RecordRefusedError(protocolError.type, protocolError.message, { cause: error });
  }
  return error;
}

function protocolErrorIn(error: unknown): KafkaJSProtocolError | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    if (current instanceof KafkaJSProtocolError) return current;
    seen.add(current);
    current = current.cause;
  }
  return undefined;
}
