import { z } from 'zod';

/** A NUL character, or a UTF-16 surrogate without its pair (the `u` flag matches pairs as one). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|\p{Cs}/u;

/**
 * Tells whether a string can be stored as PostgreSQL text and encoded as UTF-8: no NUL character
 * and no unpaired surrogate. Such strings are refused where they enter, never discovered by a
 * failing database write.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A string that PostgreSQL can store and UTF-8 can encode; the base of every text field of an event. */
export function storableText(): z.ZodString {
  return z.string().refine(isStorableText, {
    message: 'must not contain NUL characters or unpaired UTF-16 surrogates',
  });
}
