import { EntityManager } from 'typeorm';
import { valuesClause } from './values-clause';

/** Describes a versioned upsert: the table, its key columns and the column holding the version. */
export interface VersionedUpsertSpec {
  readonly table: string;
  readonly keyColumns: readonly string[];
  /** @default 'version' */
  readonly versionColumn?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts rows or updates existing ones, but only where the stored version is older: a repeated
 * or older state never overwrites a newer one. Returns how many rows were written.
 * @throws Error when a table or column name is not a plain lowercase identifier.
 */
export async function upsertNewerVersions(
  manager: EntityManager,
  spec: VersionedUpsertSpec,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const versionColumn = spec.versionColumn ?? 'version';
  const columns = Object.keys(rows[0]);
  for (const name of [spec.table, versionColumn, ...spec.keyColumns, ...columns]) {
    if (!IDENTIFIER.test(name)) {
      throw new Error(
        `'${name}' is not a plain lowercase SQL identifier; rename the table or column.`,
      );
    }
  }
  if (!columns.includes(versionColumn)) {
    throw new Error(`Rows for ${spec.table} must carry the '${versionColumn}' column.`);
  }
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length || columns.some((column) => !(column in row))) {
      throw new Error(
        `Every row for ${spec.table} must carry the same columns (${columns.join(', ')}).`,
      );
    }
  }
  // One statement cannot touch a row twice: keep only the newest state of each key.
  const newest = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const key = JSON.stringify(spec.keyColumns.map((column) => row[column]));
    const kept = newest.get(key);
    if (!kept || Number(kept[versionColumn]) < Number(row[versionColumn])) newest.set(key, row);
  }
  const values = valuesClause(
    [...newest.values()].map((row) => columns.map((column) => row[column])),
  );
  const updates = columns
    .filter((column) => !spec.keyColumns.includes(column))
    .map((column) => `${column} = EXCLUDED.${column}`);
  const written: unknown[] = await manager.query(
    `INSERT INTO ${spec.table} (${columns.join(', ')}) VALUES ${values.sql}
     ON CONFLICT (${spec.keyColumns.join(', ')}) DO UPDATE SET ${updates.join(', ')}
     WHERE ${spec.table}.${versionColumn} < EXCLUDED.${versionColumn}
     RETURNING 1`,
    values.params,
  );
  return written.length;
}
