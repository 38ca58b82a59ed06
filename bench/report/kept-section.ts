/**
 * A section of docs/benchmarks.md that a scenario run on its own writes (the rolling restart),
 * between two markers: `npm run bench` keeps it when it rewrites the rest of the file.
 */
export const KEPT_SECTION = {
  start: '<!-- rolling-restart:start -->',
  end: '<!-- rolling-restart:end -->',
} as const;

/** Returns the body of the marked section of `doc`, or '' when it has none. */
export function keptSectionOf(doc: string): string {
  const start = doc.indexOf(KEPT_SECTION.start);
  const end = doc.indexOf(KEPT_SECTION.end);
  return start >= 0 && end > start ? doc.slice(start + KEPT_SECTION.start.length, end).trim() : '';
}

/** Puts `body` in the marked section of `doc`: in place of the old one, or appended. */
export function withKeptSection(doc: string, body: string): string {
  const section = `${KEPT_SECTION.start}\n${body.trim()}\n${KEPT_SECTION.end}`;
  const start = doc.indexOf(KEPT_SECTION.start);
  const end = doc.indexOf(KEPT_SECTION.end);
  if (start < 0 || end < start) return `${doc.trimEnd()}\n\n${section}\n`;
  return doc.slice(0, start) + section + doc.slice(end + KEPT_SECTION.end.length);
}
