import { z } from 'zod';

/** A NUL character, or a UTF-16 surrogate without its pair (the `u` flag matches pairs as one). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above, every occurrence
const EVERY_UNSTORABLE = /\u0000|\p{Cs}/gu;

/**
 * Tells whether a string can be stored as PostgreSQL text and encoded as UTF-8: no NUL character
 * and no unpaired surrogate. Such strings are refused where they enter, never discovered by a
 * failing database write.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Returns the string with each NUL character and unpaired surrogate replaced by U+FFFD, for text
 * that must be kept even when it is bad (a dead letter's headers), never for text to apply.
 */
export function toStorableText(value: string): string {
  return value.replace(EVERY_UNSTORABLE, '\uFFFD');
}

/** A string that PostgreSQL can store and UTF-8 can encode; the base of every text field of an event. */
export function storableText(): z.ZodString {
  return z.string().refine(isStorableText, {
    message: 'must not contain NUL characters or unpaired UTF-16 surrogates',
  });
}
