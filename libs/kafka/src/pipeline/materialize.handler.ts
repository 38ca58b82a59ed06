import {
  CloudEventHeaders,
  createEvent,
  encodeEvent,
  EventCatalogue,
  EventDefinition,
  EventEnvelope,
  readHeader,
  readTrackingId,
  RequestRejectedPayload,
  toStorableText,
} from '@app/events';
import {
  closeBatch,
  OutboxRecord,
  OutboxSource,
  PartitionPositionStore,
  RequestOutcome,
  RequestOutcomeRepository,
  StoredOutboxRecord,
} from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { InboundMessage } from '../broker/inbound-message';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { failureCode, failureReason } from '../errors/failure-kind';
import { deadLetterRecord } from './dead-letter-record';
import { EventDispatcher, HandlerScope } from './event-dispatcher';
import { BatchGroups } from './batch-groups';
import { OutboxFlusher } from './outbox-flusher';
import { HandledOutcome } from './worker-observer';
import { BatchItem, DeadLetterMark, PartitionBatch } from './partition-batch';

/** Batches join a shared transaction while it holds fewer events than this (a batch is never split). */
const MAX_EVENTS_PER_SHARED_TRANSACTION = 500;

/** What the materializing step needs to know about the worker. */
export interface MaterializeSettings {
  readonly groupId: string;
  /** `ce_source` of the events the worker emits. */
  readonly source: string;
  /** Per input topic, the event that answers a tracked request that was rejected. */
  readonly rejectionEvents: ReadonlyMap<string, EventDefinition>;
  /** The worker's catalogue: emitted events take their topics from it. */
  readonly catalogue: EventCatalogue;
}

/** What a committed transaction did to one batch, and the outbox rows it wrote when they alone are pending. */
interface Applied {
  readonly report: MaterializeReport;
  readonly written?: StoredOutboxRecord[];
}

/** What a transaction accumulates for one batch while it goes through the events. */
interface Effects {
  readonly records: OutboxRecord[];
  /** Shared by the batches of a transaction. */
  readonly outcomes: RequestOutcome[];
  readonly report: MaterializeReport;
  readonly now: Date;
}

/** A batch waiting for its transaction, and how to tell its caller how it went. */
interface Job {
  readonly batch: PartitionBatch;
  readonly size: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** One batch inside a transaction: its events still to apply and what they did. */
interface Part {
  readonly source: OutboxSource;
  readonly items: readonly BatchItem[];
  readonly effects: Effects;
}

/** What one committed transaction did to each event, in offset order. */
export interface MaterializeReport {
  events: { type: string; outcome: HandledOutcome; time?: Date }[];
}

/**
 * The terminal step of the pipeline, ARCHITECTURE §2 in code: one transaction that locks the
 * partition's position, skips what was already applied, runs the handlers, writes outbox rows,
 * outcomes and the new position, commits; then the outbox is published.
 *
 * Batches of several partitions that arrive together (one fetch hands out several) share one
 * transaction, and their outputs one send: per partition, the effects and guarantees are those of
 * a transaction of its own, at a fraction of the round trips. When a shared transaction fails,
 * each of its batches runs again alone, so that a failure is only ever its own batch's, as the
 * retry and isolation steps upstream expect.
 */
export class MaterializeHandler {
  private readonly positions: PartitionPositionStore;
  private readonly outcomes: RequestOutcomeRepository;
  /** The batches that arrive together share a transaction. */
  private readonly groups = new BatchGroups<Job>(
    (jobs) => this.runTransaction(jobs),
    MAX_EVENTS_PER_SHARED_TRANSACTION,
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: EventDispatcher,
    private readonly flusher: OutboxFlusher,
    private readonly settings: MaterializeSettings,
    private readonly onReport: (batch: PartitionBatch, report: MaterializeReport) => void = () =>
      undefined,
  ) {
    this.positions = new PartitionPositionStore(dataSource);
    this.outcomes = new RequestOutcomeRepository(dataSource);
  }

  /** Applies the batch exactly once and publishes what it emitted. */
  readonly handle = async (batch: PartitionBatch): Promise<void> => {
    if (batch.items.length === 0) return;
    await new Promise<void>((resolve, reject) =>
      this.groups.add({ batch, size: batch.items.length, resolve, reject }),
    );
  };

  /** Commits the jobs' batches in one transaction (each alone if a shared one fails), then publishes. */
  private async runTransaction(jobs: Job[]): Promise<void> {
    if (jobs.length > 1) {
      const applied = await this.transact(jobs).catch(() => undefined);
      // On failure, which batch failed, and how, is for its own transaction to tell.
      if (applied) return this.publish(jobs, applied);
    }
    for (const job of jobs) {
      try {
        await this.publish([job], await this.transact([job]));
      } catch (error) {
        job.reject(error);
      }
    }
  }

  private transact(jobs: readonly Job[]): Promise<Applied[]> {
    return this.dataSource.transaction((manager) =>
      this.apply(
        manager,
        jobs.map((job) => job.batch),
      ),
    );
  }

  /** Publishes what the committed batches emitted, then reports and settles each; never rejects. */
  private async publish(jobs: readonly Job[], applied: readonly Applied[]): Promise<void> {
    try {
      await this.flusher.flushAll(
        jobs.map((job, i) => ({ source: sourceOf(job.batch), written: applied[i].written })),
      );
      jobs.forEach((job, i) => this.onReport(job.batch, applied[i].report));
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const job of jobs) job.resolve();
  }

  private async apply(
    manager: EntityManager,
    batches: readonly PartitionBatch[],
  ): Promise<Applied[]> {
    const { groupId } = this.settings;
    const now = new Date();
    const outcomes: RequestOutcome[] = [];
    const positions = await this.positions.lockAll(manager, groupId, batches.map(sourceOf));
    const parts: Part[] = batches.map((batch, b) => {
      const position = positions[b];
      const items = batch.items.filter(
        (item) => position === null || item.message.offset >= position,
      );
      const report: MaterializeReport = { events: [] };
      // Offsets are ascending, so the events already applied are a prefix of the batch.
      for (const item of batch.items.slice(0, batch.items.length - items.length)) {
        report.events.push({ type: typeOf(item), outcome: 'skipped' });
      }
      return {
        source: sourceOf(batch),
        items,
        effects: { records: [], outcomes, report, now },
      };
    });
    const open = parts.filter((part) => part.items.length > 0);
    // A batch with nothing left to apply has no rows of its own; its partition's leftovers are read back.
    if (open.length === 0) return parts.map((part) => ({ report: part.effects.report }));

    // The batches' events in one sequence: partitions are independent, so one after another is a valid order.
    const items = open.flatMap((part) => part.items);
    const owners = open.flatMap((part) => part.items.map(() => part.effects));
    const trackingIds = items.map(trackingIdOf).filter((id): id is string => id !== undefined);
    const answered = await this.outcomes.findRecorded(manager, trackingIds);
    let current = owners[0];
    const scope: HandlerScope = {
      manager,
      append: (record) => current.records.push(record),
      resolve: (definition) => this.settings.catalogue.resolve(definition),
    };
    for (let i = 0; i < items.length;) {
      const item = items[i];
      current = owners[i];
      const trackingId = trackingIdOf(item);
      if (trackingId !== undefined && answered.has(trackingId)) {
        // The same request sent again: never run it twice.
        current.report.events.push({ type: typeOf(item), outcome: 'duplicate' });
        i++;
        continue;
      }
      const type = item.envelope?.type;
      if (!item.deadLetter && type !== undefined && this.dispatcher.takesBatches(type)) {
        const run = batchRun(items, i, type, answered);
        await this.applyRun(run, owners.slice(i, i + run.length), scope);
        i += run.length;
        continue;
      }
      if (item.deadLetter || !item.envelope) {
        const mark = item.deadLetter ?? { error: new Error('Event was not decoded.'), attempts: 1 };
        this.refuse(item, mark, current);
      } else if (this.dispatcher.handles(item.envelope.type)) {
        let result: unknown;
        try {
          result = await this.dispatcher.dispatch(item.envelope, scope);
        } catch (error) {
          throw new EventFailedError(item.message.offset, error);
        }
        this.applied(item, result, current);
      } else {
        current.report.events.push({ type: item.envelope.type, outcome: 'skipped' });
      }
      if (trackingId !== undefined) answered.add(trackingId);
      i++;
    }
    // Under the position locks no one else writes these partitions' rows: where no older ones
    // wait, the rows written here are the only ones to publish after the commit.
    const closed = await closeBatch(manager, {
      groupId,
      partitions: open.map((part) => ({
        source: part.source,
        records: part.effects.records,
        nextOffset: part.items[part.items.length - 1].message.offset + 1n,
      })),
      outcomes,
    });
    return parts.map((part) => {
      const close = closed[open.indexOf(part)];
      return {
        report: part.effects.report,
        written: close && !close.olderPending ? close.stored : undefined,
      };
    });
  }

  /** Runs a batch handler on consecutive events; a failure that names no event is bisected upstream. */
  private async applyRun(
    run: BatchItem[],
    owners: readonly Effects[],
    scope: HandlerScope,
  ): Promise<void> {
    const envelopes = run.map((item) => item.envelope as EventEnvelope);
    const decided = await this.dispatcher.dispatchBatch(envelopes, scope);
    run.forEach((item, i) => {
      const outcome = decided[i];
      const effects = owners[i];
      if (outcome.kind === 'rejected') {
        this.refuse(item, { error: outcome.error, attempts: 1 }, effects);
      } else {
        effects.records.push(...outcome.records);
        this.applied(item, outcome.result, effects);
      }
    });
  }

  /** Records an applied event: its outcome when tracked, and the report line. */
  private applied(item: BatchItem, result: unknown, effects: Effects): void {
    const envelope = item.envelope as EventEnvelope;
    const trackingId = trackingIdOf(item);
    if (trackingId !== undefined) {
      effects.outcomes.push({ trackingId, status: 'accepted', eventType: envelope.type, result });
    }
    effects.report.events.push({ type: envelope.type, outcome: 'applied', time: envelope.time });
  }

  /** Records a refused event: dead-lettered unless only refused, and its request answered. */
  private refuse(item: BatchItem, mark: DeadLetterMark, effects: Effects): void {
    const refusedOnly = mark.error instanceof EventRejectedError && !mark.error.deadLetter;
    if (!refusedOnly) {
      effects.records.push(
        deadLetterRecord(item.message, mark, this.settings.groupId, effects.now),
      );
    }
    effects.report.events.push({
      type: typeOf(item),
      outcome: refusedOnly ? 'rejected' : 'dead_lettered',
    });
    const trackingId = trackingIdOf(item);
    if (trackingId !== undefined) {
      effects.outcomes.push(this.rejectionOutcome(item, trackingId, mark.error));
      effects.records.push(...this.rejectionEvent(item, trackingId, mark.error));
    }
  }

  private rejectionOutcome(item: BatchItem, trackingId: string, error: unknown): RequestOutcome {
    return {
      trackingId,
      status: 'rejected',
      eventType: item.envelope?.type ?? storableHeader(item.message, CloudEventHeaders.type),
      reasonCode: failureCode(error),
      reason: failureReason(error),
    };
  }

  private rejectionEvent(item: BatchItem, trackingId: string, error: unknown): OutboxRecord[] {
    const declared = this.settings.rejectionEvents.get(item.message.topic);
    if (!declared) return [];
    const definition = this.settings.catalogue.resolve(declared);
    const payload: RequestRejectedPayload = {
      trackingId,
      code: failureCode(error),
      reason: failureReason(error),
      rejectedType: item.envelope?.type ?? storableHeader(item.message, CloudEventHeaders.type),
    };
    const causationId = storableHeader(item.message, CloudEventHeaders.id);
    const envelope = createEvent(definition, payload, {
      source: this.settings.source,
      trackingId,
      causationId,
      id: causationId ? `${causationId}:rejected` : undefined,
    });
    const encoded = encodeEvent(definition, envelope);
    return [
      {
        eventId: envelope.id,
        topic: encoded.topic,
        key: encoded.key,
        value: encoded.value,
        headers: encoded.headers,
      },
    ];
  }
}

/**
 * Returns the longest run of items from `start` that a batch handler of `type` takes at once:
 * decoded, not marked for the dead-letter topic, each tracked request seen once. Marks their
 * tracking ids as answered.
 */
function batchRun(
  items: readonly BatchItem[],
  start: number,
  type: string,
  answered: Set<string>,
): BatchItem[] {
  const run: BatchItem[] = [];
  for (let i = start; i < items.length; i++) {
    const item = items[i];
    const trackingId = trackingIdOf(item);
    if (item.deadLetter || item.envelope?.type !== type) break;
    if (trackingId !== undefined) {
      if (answered.has(trackingId)) break;
      answered.add(trackingId);
    }
    run.push(item);
  }
  return run;
}

function sourceOf(batch: PartitionBatch): OutboxSource {
  return { topic: batch.topic, partition: batch.partition };
}

function typeOf(item: BatchItem): string {
  return item.envelope?.type ?? storableHeader(item.message, CloudEventHeaders.type) ?? 'unknown';
}

/** Reads a header of an event that may not have decoded, as text PostgreSQL can store. */
function storableHeader(message: InboundMessage, name: string): string | undefined {
  const value = readHeader(message, name);
  return value === undefined ? undefined : toStorableText(value);
}

function trackingIdOf(item: BatchItem): string | undefined {
  return item.envelope?.trackingId ?? readTrackingId(item.message);
}
