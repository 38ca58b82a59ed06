/** What a secret is replaced with in a log line. */
export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets, whatever their case or separators (`PGPASSWORD`, `api_key`). */
const SECRET_KEY =
  /pass(?:word|wd|phrase)?$|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key/i;

/** Secrets inside text: a URL's password, an Authorization value, a `password=...` pair. */
const SECRET_TEXT: readonly [RegExp, string][] = [
  // postgresql://user:password@host/db -> postgresql://user:[REDACTED]@host/db
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/@]+@/gi, `$1${REDACTED}@`],
  // Authorization: Bearer eyJ... -> Bearer [REDACTED]
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/g, `$1 ${REDACTED}`],
  // password=s3cret, "password":"s3cret", token: 'abc' (libpq strings, query strings, inspected objects)
  [
    /\b(pass(?:word|wd)?|secret|token|api[-_]?key)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&"'}]+)/gi,
    `$1$2${REDACTED}`,
  ],
];

/** Whether a text may hold a secret at all: one cheap scan, so most texts skip the patterns. */
const MAY_HOLD_SECRET = /:\/\/|bearer|basic|pass|secret|token|api[-_]?key/i;

/** Returns the text with every secret it visibly holds replaced by `[REDACTED]`. */
export function redactText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let result = text;
  for (const [pattern, replacement] of SECRET_TEXT) result = result.replace(pattern, replacement);
  return result;
}

/**
 * A `JSON.stringify` replacer that redacts as it writes: the value of every field whose name says
 * it is a secret (`password`, `token`, `authorization`, ...), and secrets inside every string.
 * `JSON.stringify(line, redactSecrets)` costs no copy of the line.
 */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && value !== null && SECRET_KEY.test(key)) return REDACTED;
  return typeof value === 'string' ? redactText(value) : value;
}
