import { CloudEventHeaders, DeadLetterHeaders } from '@app/events';
import { createHash } from 'node:crypto';

/** What a dead letter reads as when it lacks a header the fingerprint is made of. */
export const MissingFailureHeader = { type: '(no type)', errorCode: '(no code)' } as const;

/**
 * Returns the fingerprint of a dead letter from its headers: 12 hex digits of the SHA-256 of its
 * event type, error code and error message without its values (`normaliseReason`). Events that
 * failed alike share it: it names a kind of failure, never one event. The worker writes it in
 * `dlq_fingerprint` and counts it in `dead_letter_events_by_fingerprint_total`; `npm run dlq`
 * groups and selects by it.
 */
export function deadLetterFingerprint(
  headers: Readonly<Record<string, string | undefined>>,
): string {
  const type = headers[CloudEventHeaders.type] ?? MissingFailureHeader.type;
  const code = headers[DeadLetterHeaders.errorCode] ?? MissingFailureHeader.errorCode;
  const message = headers[DeadLetterHeaders.errorMessage] ?? '';
  return createHash('sha256')
    .update(`${type}\n${code}\n${normaliseReason(message)}`)
    .digest('hex')
    .slice(0, 12);
}

/**
 * Returns an error message without the values that differ between events that failed alike:
 * quoted text, UUIDs, numbers.
 */
export function normaliseReason(message: string): string {
  return message
    .replace(/'[^']*'|"[^"]*"/g, '<text>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d+/g, '<n>');
}
