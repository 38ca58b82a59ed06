import { EntityManager } from 'typeorm';
import { OutboxRecord, OutboxSource, StoredOutboxRecord } from '../outbox/outbox-record';
import { OLDER_OUTBOX_ROWS, OUTBOX_INSERT, outboxInsertParams } from '../outbox/outbox.repository';
import { RequestOutcome } from '../outcomes/request-outcome';
import {
  announceOutcomesSql,
  outcomeInsertParams,
  outcomeInsertSql,
  REQUEST_OUTCOME_CHANNEL,
} from '../outcomes/request-outcome.repository';

/** What a batch transaction writes last, once its handlers ran. */
export interface BatchClose {
  readonly groupId: string;
  /** The input partition: whose outbox rows these are, and whose position moves. */
  readonly source: OutboxSource;
  readonly records: readonly OutboxRecord[];
  readonly outcomes: readonly RequestOutcome[];
  /** The offset of the next event to apply. */
  readonly nextOffset: bigint;
}

/** The outbox rows a batch stored, and whether older rows of its partition wait before them. */
export interface ClosedBatch {
  readonly stored: StoredOutboxRecord[];
  readonly olderPending: boolean;
}

/**
 * Writes the end of a batch transaction in one statement (one round trip): the outbox rows, the
 * outcomes of tracked requests (announced on commit), and the partition's new position, whose
 * row the transaction has locked. Returns the rows as stored and whether older rows of the
 * partition were already waiting for publication.
 */
export async function closeBatch(manager: EntityManager, close: BatchClose): Promise<ClosedBatch> {
  const outbox = outboxInsertParams(close.source, close.records); // $1 .. $7
  const outcomes = outcomeInsertParams(close.outcomes); // $8 .. $13
  const rows: { ids: string[] | null; pending: boolean }[] = await manager.query(
    `WITH stored AS (${OUTBOX_INSERT}),
          recorded AS (${outcomeInsertSql(8)}),
          advanced AS (
            UPDATE consumer_offsets SET next_offset = $16, updated_at = now()
             WHERE group_id = $15 AND topic = $1 AND partition = $2)
     SELECT (SELECT array_agg(id ORDER BY id) FROM stored) AS ids,
            ${OLDER_OUTBOX_ROWS} AS pending,
            ${announceOutcomesSql('recorded', 14)} AS announced`,
    [...outbox, ...outcomes, REQUEST_OUTCOME_CHANNEL, close.groupId, close.nextOffset.toString()],
  );
  // Ascending ids are the insertion order.
  const ids = rows[0].ids ?? [];
  return {
    stored: close.records.map((record, i) => ({ ...record, id: String(ids[i]) })),
    olderPending: rows[0].pending,
  };
}
