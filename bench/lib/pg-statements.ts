import { DataSource } from 'typeorm';

/** One statement's share of PostgreSQL's execution time (pg_stat_statements). */
export interface StatementCost {
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly rows: number;
  readonly query: string;
}

/** Forgets the statistics gathered so far. */
export async function resetStatements(db: DataSource): Promise<void> {
  await db.query(`SELECT pg_stat_statements_reset()`);
}

/** Returns the statements that took the most execution time since the last reset. */
export async function costliestStatements(db: DataSource, top = 10): Promise<StatementCost[]> {
  const rows: { calls: string; total: number; mean: number; rows: string; query: string }[] =
    await db.query(
      `SELECT calls, total_exec_time AS total, mean_exec_time AS mean, rows,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [top],
    );
  return rows.map((r) => ({
    calls: Number(r.calls),
    totalMs: Number(r.total),
    meanMs: Number(r.mean),
    rows: Number(r.rows),
    query: r.query,
  }));
}
