import { EncodedEvent } from '@app/events';
import { Pool, PoolClient } from 'pg';
import { CreateCustomerCommand, Outcome } from '../customer-job';

// What our worker writes beside the handler's rows to keep its guarantees, written here with
// the same statements' shapes so that contender c can pay for them too (`GUARANTEES=1`, key cg):
// the claim of each event's source and id, the outbox rows and the outcomes' NOTIFY, the new
// position, and after the produce, the outbox rows' delete. What c costs with them, against our
// worker, says how much of the gap between the two is those writes.

/** Where a chunk came from and what it emits: what its guarantee writes need. */
export interface ChunkSource {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
  readonly outputsOf: (outcomes: readonly Outcome[]) => EncodedEvent[];
}

const CLAIM = `
  INSERT INTO processed_events (group_id, source, event_id)
  SELECT DISTINCT $1, source, id FROM unnest($2::text[], $3::text[]) AS g(source, id)
  ON CONFLICT DO NOTHING`;

const STORE = `
  WITH stored AS (
    INSERT INTO outbox (event_id, topic, key, value, headers, source_topic, source_partition)
    SELECT event_id, topic, key, value, headers, $6, $7
      FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::jsonb[])
        WITH ORDINALITY AS r(event_id, topic, key, value, headers, n)
     ORDER BY n
    RETURNING id),
  advanced AS (
    INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
    VALUES ($8, $6, $7, $9)
    ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset)
  SELECT (SELECT array_agg(id ORDER BY id) FROM stored) AS ids,
         (SELECT count(pg_notify('request_outcome', t || ' ' || r))
            FROM unnest($10::text[], $11::text[]) AS n(t, r)) AS announced`;

/** Claims the chunk's events; call before deciding them. */
export async function claimEvents(
  client: PoolClient,
  source: ChunkSource,
  commands: readonly CreateCustomerCommand[],
): Promise<void> {
  await client.query(CLAIM, [
    source.groupId,
    commands.map((c) => c.source),
    commands.map((c) => c.id),
  ]);
}

/** Stores the outputs in the outbox, moves the position, announces the outcomes; returns the row ids. */
export async function storeOutputs(
  client: PoolClient,
  source: ChunkSource,
  outputs: readonly EncodedEvent[],
  announced: readonly { trackingId: string; row: string }[],
): Promise<string[]> {
  const { rows } = await client.query<{ ids: string[] | null }>(STORE, [
    outputs.map((o) => o.headers['ce_id'] ?? ''),
    outputs.map((o) => o.topic),
    outputs.map((o) => o.key),
    outputs.map((o) => o.value),
    outputs.map((o) => JSON.stringify(o.headers)),
    source.topic,
    source.partition,
    source.groupId,
    source.nextOffset,
    announced.map((a) => a.trackingId),
    announced.map((a) => a.row),
  ]);
  return rows[0].ids ?? [];
}

/** Deletes published outbox rows. */
export async function deletePublished(pool: Pool, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await pool.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
}
