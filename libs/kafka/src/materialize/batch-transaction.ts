import {
  BatchLedger,
  EventIdentity,
  OutboxSource,
  RequestOutcome,
  StoredOutboxRecord,
} from '@app/persistence';
import { EventEnvelope } from '@app/events';
import { EntityManager } from 'typeorm';
import { PartitionBatch } from '../pipeline/partition-batch';
import { EventFate, isDeadLettered, requestIdOf } from './event-fate';
import {
  FateWriteSettings,
  outboxRecordsOf,
  outcomeOf,
  settledIdsOf,
  settlementWritesOf,
} from './fate-writes';
import { HandlerRunner } from './handler-runner';
import { OpenEvent, openEventOf } from './open-event';
import { PositionBeyondLogEndError } from '../errors/position-beyond-log-end.error';

/** What a committed transaction did to one batch, and the outbox rows it wrote when they alone are pending. */
export interface AppliedBatch {
  /** Per event of the batch, in offset order. */
  readonly fates: readonly EventFate[];
  readonly written?: StoredOutboxRecord[];
}

/** One batch inside a transaction: the events applied before, and those still to decide. */
interface Part {
  readonly source: OutboxSource;
  readonly applied: readonly EventFate[];
  readonly open: readonly OpenEvent[];
}

/**
 * Applies batches of several partitions in one transaction: lock their positions, decide their
 * events, close (outbox rows, outcomes, new positions). Per partition, what a transaction of
 * its own would do.
 */
export class BatchTransaction {
  constructor(
    private readonly ledger: BatchLedger,
    private readonly runner: HandlerRunner,
    private readonly settings: FateWriteSettings,
  ) {}

  /** Commits the batches in one transaction; resolves with each one's fates, in the order given. */
  apply(batches: readonly PartitionBatch[]): Promise<AppliedBatch[]> {
    return this.ledger.transaction(async (tx) => {
      const positions = await this.ledger.lockPositions(tx, batches.map(sourceOf));
      const parts = batches.map((batch, b) => partOf(batch, positions[b]));
      const open = parts.flatMap((part) => part.open);
      // A batch with nothing left to apply has no rows of its own; its partition's leftovers are read back.
      if (open.length === 0) return parts.map((part) => ({ fates: part.applied }));
      const { factTopics } = this.settings;
      const trackingIds = open.flatMap((e) => requestIdOf(e.message, e.event, factTopics) ?? []);
      const answered = await this.ledger.findAnswered(tx, trackingIds);
      const decided = await this.decide(tx, open, answered);
      let next = 0;
      const fates = parts.map((part) => [
        ...part.applied,
        ...decided.slice(next, (next += part.open.length)),
      ]);
      return this.close(tx, parts, fates);
    });
  }

  /**
   * Decides the open events in order. An event whose source and id the group processed before
   * (a copy duplicated upstream, at another offset) is a duplicate and never runs; an event that
   * ends dead-lettered is not counted as processed, so that replaying it applies it.
   */
  private async decide(
    tx: EntityManager,
    open: readonly OpenEvent[],
    answered: ReadonlySet<string>,
  ): Promise<EventFate[]> {
    const observed = this.settings.observedTopics ?? new Set<string>();
    const claimable = open.flatMap((e, i) =>
      e.event && !e.mark && !observed.has(e.message.topic) ? [i] : [],
    );
    const identities = claimable.map((i) => identityOf(open[i].event as EventEnvelope));
    const claims = await this.ledger.claimEvents(tx, identities);
    const copies = new Set(claimable.filter((_, c) => !claims[c]));
    const fresh = open.filter((_, i) => !copies.has(i));
    const decided = await this.runner.run(tx, fresh, answered);
    const deadLettered = decided.flatMap((fate) =>
      isDeadLettered(fate) && 'event' in fate && fate.event && !observed.has(fate.message.topic)
        ? [identityOf(fate.event)]
        : [],
    );
    await this.ledger.releaseEvents(tx, deadLettered);
    let next = 0;
    return open.map((e, i): EventFate =>
      copies.has(i) ? { kind: 'duplicate', message: e.message } : decided[next++],
    );
  }

  /**
   * Writes what the fates call for and moves the positions past the decided events. The requests
   * the fates settle by tracking id are answered after the events' own, each once: one answered
   * before (a replay, or a crash after the commit) keeps its outcome.
   */
  private async close(
    tx: EntityManager,
    parts: readonly Part[],
    fates: readonly EventFate[][],
  ): Promise<AppliedBatch[]> {
    const now = new Date();
    const closing = parts.flatMap((part, b) => (part.open.length > 0 ? [b] : []));
    const outcomes = closing.flatMap((b) =>
      fates[b].flatMap((fate): RequestOutcome[] => {
        const outcome = outcomeOf(fate, this.settings);
        return outcome ? [outcome] : [];
      }),
    );
    const settledIds = closing.flatMap((b) => fates[b].flatMap(settledIdsOf));
    const answered =
      settledIds.length > 0 ? await this.ledger.findAnswered(tx, settledIds) : new Set<string>();
    for (const outcome of outcomes) answered.add(outcome.trackingId);
    const partitions = closing.map((b) => ({
      source: parts[b].source,
      records: fates[b].flatMap((fate) => {
        const settlement = settlementWritesOf(fate, this.settings, answered);
        outcomes.push(...settlement.outcomes);
        return [...outboxRecordsOf(fate, this.settings, now), ...settlement.records];
      }),
      nextOffset: parts[b].open[parts[b].open.length - 1].message.offset + 1n,
    }));
    const closed = await this.ledger.close(tx, { partitions, outcomes });
    // Under the position locks no one else writes these partitions' rows: where no older ones
    // wait, the rows written here are the only ones to publish after the commit.
    return parts.map((part, b) => {
      const close = closed[closing.indexOf(b)];
      return { fates: fates[b], written: close && !close.olderPending ? close.stored : undefined };
    });
  }
}

function partOf(batch: PartitionBatch, position: bigint | null): Part {
  // A position is never past the log's end: the log was replaced under it.
  if (position !== null && batch.logEnd !== undefined && position > batch.logEnd)
    throw new PositionBeyondLogEndError(batch.topic, batch.partition, position, batch.logEnd);
  const open = batch.items.filter((item) => position === null || item.message.offset >= position);
  // Offsets are ascending, so the events already applied are a prefix of the batch.
  const applied = batch.items
    .slice(0, batch.items.length - open.length)
    .map((item): EventFate => ({ kind: 'already-applied', message: item.message }));
  return { source: sourceOf(batch), applied, open: open.map(openEventOf) };
}

function identityOf(event: EventEnvelope): EventIdentity {
  return { source: event.source, id: event.id };
}

/** Returns the input partition of a batch. */
export function sourceOf(batch: PartitionBatch): OutboxSource {
  return { topic: batch.topic, partition: batch.partition };
}
