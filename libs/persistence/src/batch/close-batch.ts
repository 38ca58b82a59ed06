import { EntityManager } from 'typeorm';
import { OutboxRecord, OutboxSource, StoredOutboxRecord } from '../outbox/outbox-record';
import {
  olderOutboxRowsSql,
  OUTBOX_INSERT,
  outboxInsertParams,
  SourcedOutboxRecord,
} from '../outbox/outbox.repository';
import { RequestOutcome } from '../outcomes/request-outcome';
import {
  announceOutcomesSql,
  outcomeInsertParams,
  outcomeInsertSql,
  REQUEST_OUTCOME_CHANNEL,
} from '../outcomes/request-outcome.repository';

/** What a batch transaction writes for one input partition, once its handlers ran. */
export interface PartitionClose {
  /** The input partition: whose outbox rows these are, and whose position moves. */
  readonly source: OutboxSource;
  readonly records: readonly OutboxRecord[];
  /** The offset of the partition's next event to apply. */
  readonly nextOffset: bigint;
}

/** What a batch transaction writes last: per input partition, and the outcomes of all. */
export interface BatchClose {
  readonly groupId: string;
  readonly partitions: readonly PartitionClose[];
  readonly outcomes: readonly RequestOutcome[];
}

/** The outbox rows a partition's batch stored, and whether older rows of that partition wait before them. */
export interface ClosedPartition {
  readonly source: OutboxSource;
  readonly stored: StoredOutboxRecord[];
  readonly olderPending: boolean;
}

/**
 * Writes the end of a batch transaction in one statement (one round trip): the outbox rows, the
 * outcomes of tracked requests (announced on commit), and the new position of each partition,
 * whose rows the transaction has locked. Returns, per partition in the order given, its rows as
 * stored and whether older rows of it were already waiting for publication.
 */
export async function closeBatch(
  manager: EntityManager,
  close: BatchClose,
): Promise<ClosedPartition[]> {
  const sourced: SourcedOutboxRecord[] = close.partitions.flatMap(({ source, records }) =>
    records.map((record) => ({ source, record })),
  );
  const outbox = outboxInsertParams(sourced); // $1 .. $7
  const outcomes = outcomeInsertParams(close.outcomes); // $8 .. $13
  const partitions = [
    close.partitions.map((p) => p.source.topic),
    close.partitions.map((p) => p.source.partition),
    close.partitions.map((p) => p.nextOffset.toString()),
  ]; // $16 .. $18
  const rows: { ids: string[] | null; pending: number[] }[] = await manager.query(
    `WITH stored AS (${OUTBOX_INSERT}),
          recorded AS (${outcomeInsertSql(8)}),
          advanced AS (
            UPDATE consumer_offsets c SET next_offset = g.next_offset, updated_at = now()
              FROM unnest($16::text[], $17::int[], $18::bigint[]) AS g(topic, partition, next_offset)
             WHERE c.group_id = $15 AND c.topic = g.topic AND c.partition = g.partition)
     SELECT (SELECT array_agg(id ORDER BY id) FROM stored) AS ids,
            ${olderOutboxRowsSql(16, 17)} AS pending,
            ${announceOutcomesSql('recorded', 14)} AS announced`,
    [...outbox, ...outcomes, REQUEST_OUTCOME_CHANNEL, close.groupId, ...partitions],
  );
  // Ascending ids are the insertion order, which is the order of `sourced`.
  const ids = rows[0].ids ?? [];
  const pending = new Set(rows[0].pending.map(Number));
  let next = 0;
  return close.partitions.map(({ source, records }, i) => ({
    source,
    stored: records.map((record) => ({ ...record, id: String(ids[next++]) })),
    olderPending: pending.has(i + 1),
  }));
}
