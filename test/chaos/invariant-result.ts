/** What the checker says of one invariant. */
export interface InvariantResult {
  readonly name: string;
  readonly passed: boolean;
  /** What was counted, e.g. "412 requests, 398 accepted". */
  readonly counts: string;
  /** What broke it (all of them; the table shows the first few). */
  readonly failures: readonly string[];
}

/** Returns an invariant's result: passed when nothing broke it. */
export function verdict(
  name: string,
  counts: string,
  failures: readonly string[],
): InvariantResult {
  return { name, passed: failures.length === 0, counts, failures };
}

/** Formats the results as a table with the first failures of each, for a terminal or a Markdown file. */
export function resultTable(results: readonly InvariantResult[], failuresShown = 5): string {
  const lines = ['| invariant | result | counts |', '| --- | --- | --- |'];
  for (const result of results) {
    const counts = result.passed
      ? result.counts
      : `${result.counts}; ${result.failures.length} violations`;
    lines.push(`| ${result.name} | ${result.passed ? 'pass' : 'FAIL'} | ${counts} |`);
  }
  for (const result of results.filter((r) => !r.passed)) {
    lines.push('', `${result.name}: ${result.failures.length} violations, the first:`);
    for (const failure of result.failures.slice(0, failuresShown)) lines.push(`  - ${failure}`);
  }
  return lines.join('\n');
}
