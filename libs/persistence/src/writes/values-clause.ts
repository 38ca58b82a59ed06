/** A `VALUES` list with its parameters, for one multi-row statement. */
export interface ValuesClause {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * Builds `($1, $2), ($3, $4), ...` for rows of equal length, with an optional cast per column
 * (`'jsonb'`), so that a batch writes many rows in one round trip.
 */
export function valuesClause(
  rows: readonly (readonly unknown[])[],
  casts: readonly (string | undefined)[] = [],
): ValuesClause {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value, column) => {
      params.push(value);
      const cast = casts[column];
      return cast ? `$${params.length}::${cast}` : `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { sql: tuples.join(', '), params };
}
