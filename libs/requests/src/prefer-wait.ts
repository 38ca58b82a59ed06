/**
 * Reads `Prefer: wait=N` (RFC 7240 §4.3) and returns the seconds to wait, capped at
 * `maxSeconds`, or undefined when the client did not ask to wait (or asked nonsense).
 */
export function parsePreferWait(
  header: string | string[] | undefined,
  maxSeconds: number,
): number | undefined {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  for (const value of values) {
    for (const preference of value.split(',')) {
      const match = /^\s*wait\s*=\s*"?(\d+)"?\s*(?:;.*)?$/i.exec(preference);
      if (match) return Math.min(Number(match[1]), maxSeconds);
    }
  }
  return undefined;
}
