import { Pool, PoolClient } from 'pg';
import {
  CreateCustomerCommand,
  NewCustomer,
  Outcome,
  outcomeColumns,
  outcomeOf,
  OutcomeRow,
  TakenCustomers,
} from '../customer-job';
import { REQUEST_OUTCOME_CHANNEL } from '@app/persistence';
import { ChunkSource, claimEvents, storeOutputs } from './guarantee-writes';

/** SQLSTATEs a retry resolves: a concurrent partition took the same email first, or a deadlock. */
const RETRIED_SQLSTATES = new Set(['23505', '40P01']);
const ATTEMPTS = 20;

const INSERT_CUSTOMERS = `
  INSERT INTO customers (customer_id, name, email, address, version, created_at, updated_at)
  SELECT id, name, email, address, 1, at, at
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
    AS c(id, name, email, address, at)`;

const INSERT_OUTCOMES = `
  INSERT INTO request_outcomes (tracking_id, status, event_type, reason_code, reason, result)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`;

/** The same, each outcome announced on our NOTIFY channel in our worker's payload. */
const INSERT_AND_ANNOUNCE_OUTCOMES = `
  WITH recorded AS (${INSERT_OUTCOMES} RETURNING *)
  SELECT count(pg_notify('${REQUEST_OUTCOME_CHANNEL}', tracking_id || ' ' || row_to_json(r)::text))
    FROM recorded r`;

/**
 * Applies a chunk of commands in one transaction with a fixed number of statements, and returns
 * each command's outcome in order: the stored one for a request already answered, else a new one.
 * Given the chunk's source, it also makes our worker's guarantee writes (`guarantee-writes.ts`)
 * and returns the outbox rows it stored; with `announce`, it announces each outcome as our worker
 * does.
 * @throws Error from PostgreSQL when the transaction fails, after retrying the transient kinds.
 */
export async function applyChunk(
  pool: Pool,
  commands: readonly CreateCustomerCommand[],
  { source, announce = false }: { source?: ChunkSource; announce?: boolean } = {},
): Promise<{ outcomes: Outcome[]; stored: string[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      if (source) await claimEvents(client, source, commands);
      const { outcomes, recorded } = await apply(client, commands, announce);
      const stored = source
        ? await storeOutputs(client, source, source.outputsOf(outcomes), recorded)
        : [];
      await client.query('COMMIT');
      return { outcomes, stored };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (attempt >= ATTEMPTS || !RETRIED_SQLSTATES.has(sqlState(error))) throw error;
    } finally {
      client.release();
    }
  }
}

async function apply(
  client: PoolClient,
  commands: readonly CreateCustomerCommand[],
  announce: boolean,
): Promise<{ outcomes: Outcome[]; recorded: { trackingId: string; row: string }[] }> {
  const trackingIds = commands.flatMap((c) => (c.trackingId === undefined ? [] : [c.trackingId]));
  const stored = await client.query<OutcomeRow & { tracking_id: string }>(
    `SELECT tracking_id, status, event_type, reason_code, reason, result
     FROM request_outcomes WHERE tracking_id = ANY($1::text[])`,
    [trackingIds],
  );
  const existing = await client.query<{ customer_id: string; email: string }>(
    `SELECT customer_id, email FROM customers WHERE customer_id = ANY($1::uuid[]) OR email = ANY($2::text[])`,
    [commands.map((c) => c.payload.customerId), commands.map((c) => c.payload.email)],
  );
  const answered = new Map(stored.rows.map((row) => [row.tracking_id, outcomeOf(row)]));
  const taken = new TakenCustomers(
    existing.rows.map((row) => ({ customerId: row.customer_id, email: row.email })),
  );
  const customers: NewCustomer[] = [];
  const recorded: (string | null)[][] = [];
  const outcomes = commands.map((command) => {
    const known = command.trackingId === undefined ? undefined : answered.get(command.trackingId);
    if (known) return known;
    const { outcome, customer } = taken.decide(command);
    if (customer) customers.push(customer);
    if (command.trackingId !== undefined) {
      answered.set(command.trackingId, outcome);
      recorded.push(outcomeColumns(command.trackingId, outcome));
    }
    return outcome;
  });
  if (customers.length > 0) {
    await client.query(INSERT_CUSTOMERS, [
      customers.map((c) => c.customerId),
      customers.map((c) => c.name),
      customers.map((c) => c.email),
      customers.map((c) => JSON.stringify(c.address)),
      customers.map((c) => c.createdAt.toISOString()),
    ]);
  }
  if (recorded.length > 0) {
    const statement = announce ? INSERT_AND_ANNOUNCE_OUTCOMES : INSERT_OUTCOMES;
    await client.query(statement, columnsOf(recorded, 6));
  }
  const announced = recorded.map((row) => ({ trackingId: row[0] ?? '', row: JSON.stringify(row) }));
  return { outcomes, recorded: announced };
}

/** Transposes rows into one array per column, as `unnest` takes them. */
function columnsOf(rows: readonly (string | null)[][], width: number): (string | null)[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}

function sqlState(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
