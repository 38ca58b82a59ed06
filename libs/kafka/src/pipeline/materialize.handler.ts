import {
  CloudEventHeaders,
  createEvent,
  encodeEvent,
  EventCatalogue,
  EventDefinition,
  EventEnvelope,
  readHeader,
  RequestRejectedPayload,
} from '@app/events';
import {
  closeBatch,
  OutboxRecord,
  OutboxSource,
  PartitionPositionStore,
  PartitionRef,
  RequestOutcome,
  RequestOutcomeRepository,
  StoredOutboxRecord,
} from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { failureCode } from '../errors/failure-kind';
import { deadLetterRecord } from './dead-letter-record';
import { EventDispatcher, HandlerScope } from './event-dispatcher';
import { OutboxFlusher } from './outbox-flusher';
import { HandledOutcome } from './worker-observer';
import { BatchItem, DeadLetterMark, PartitionBatch } from './partition-batch';

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

/** What a committed transaction did, and the outbox rows it wrote when they alone are pending. */
interface Applied {
  readonly report: MaterializeReport;
  readonly written?: StoredOutboxRecord[];
}

/** What a transaction accumulates while it goes through a batch. */
interface Effects {
  readonly records: OutboxRecord[];
  readonly outcomes: RequestOutcome[];
  readonly report: MaterializeReport;
  readonly now: Date;
}

/** What one committed transaction did to each event, in offset order. */
export interface MaterializeReport {
  events: { type: string; outcome: HandledOutcome; time?: Date }[];
}

/**
 * The terminal step of the pipeline, ARCHITECTURE §2 in code: one transaction that locks the
 * partition's position, skips what was already applied, runs the handlers, writes outbox rows,
 * outcomes and the new position, commits; then the outbox is published.
 */
export class MaterializeHandler {
  private readonly positions: PartitionPositionStore;
  private readonly outcomes: RequestOutcomeRepository;

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
    const source = { topic: batch.topic, partition: batch.partition };
    const { report, written } = await this.dataSource.transaction((manager) =>
      this.apply(manager, batch, source),
    );
    await this.flusher.flush(source, written);
    this.onReport(batch, report);
  };

  private async apply(
    manager: EntityManager,
    batch: PartitionBatch,
    source: OutboxSource,
  ): Promise<Applied> {
    const ref: PartitionRef = {
      groupId: this.settings.groupId,
      topic: batch.topic,
      partition: batch.partition,
    };
    const report: MaterializeReport = { events: [] };
    const position = await this.positions.lock(manager, ref);
    const items = batch.items.filter(
      (item) => position === null || item.message.offset >= position,
    );
    // Offsets are ascending, so the events already applied are a prefix of the batch.
    for (const item of batch.items.slice(0, batch.items.length - items.length)) {
      report.events.push({ type: typeOf(item), outcome: 'skipped' });
    }
    if (items.length === 0) return { report };

    const trackingIds = items.map(trackingIdOf).filter((id): id is string => id !== undefined);
    const answered = await this.outcomes.findRecorded(manager, trackingIds);
    const effects: Effects = { records: [], outcomes: [], report, now: new Date() };
    const scope: HandlerScope = {
      manager,
      append: (record) => effects.records.push(record),
      resolve: (definition) => this.settings.catalogue.resolve(definition),
    };
    for (let i = 0; i < items.length;) {
      const item = items[i];
      const trackingId = trackingIdOf(item);
      if (trackingId !== undefined && answered.has(trackingId)) {
        // The same request sent again: never run it twice.
        report.events.push({ type: typeOf(item), outcome: 'duplicate' });
        i++;
        continue;
      }
      const type = item.envelope?.type;
      if (!item.deadLetter && type !== undefined && this.dispatcher.takesBatches(type)) {
        const run = batchRun(items, i, type, answered);
        await this.applyRun(run, scope, effects);
        i += run.length;
        continue;
      }
      if (item.deadLetter || !item.envelope) {
        const mark = item.deadLetter ?? { error: new Error('Event was not decoded.'), attempts: 1 };
        this.refuse(item, mark, effects);
      } else if (this.dispatcher.handles(item.envelope.type)) {
        let result: unknown;
        try {
          result = await this.dispatcher.dispatch(item.envelope, scope);
        } catch (error) {
          throw new EventFailedError(item.message.offset, error);
        }
        this.applied(item, result, effects);
      } else {
        report.events.push({ type: item.envelope.type, outcome: 'skipped' });
      }
      if (trackingId !== undefined) answered.add(trackingId);
      i++;
    }
    // Under the position lock no one else writes this partition's rows: when no older ones wait,
    // the rows written here are the only ones to publish after the commit.
    const { stored, olderPending } = await closeBatch(manager, {
      groupId: ref.groupId,
      source,
      records: effects.records,
      outcomes: effects.outcomes,
      nextOffset: items[items.length - 1].message.offset + 1n,
    });
    return { report, written: olderPending ? undefined : stored };
  }

  /** Runs a batch handler on consecutive events; a failure that names no event is bisected upstream. */
  private async applyRun(run: BatchItem[], scope: HandlerScope, effects: Effects): Promise<void> {
    const envelopes = run.map((item) => item.envelope as EventEnvelope);
    const decided = await this.dispatcher.dispatchBatch(envelopes, scope);
    run.forEach((item, i) => {
      const outcome = decided[i];
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
      eventType: item.envelope?.type ?? readHeader(item.message, CloudEventHeaders.type),
      reasonCode: failureCode(error),
      reason: error instanceof Error ? error.message : String(error),
    };
  }

  private rejectionEvent(item: BatchItem, trackingId: string, error: unknown): OutboxRecord[] {
    const declared = this.settings.rejectionEvents.get(item.message.topic);
    if (!declared) return [];
    const definition = this.settings.catalogue.resolve(declared);
    const payload: RequestRejectedPayload = {
      trackingId,
      code: failureCode(error),
      reason: error instanceof Error ? error.message : String(error),
      rejectedType: item.envelope?.type ?? readHeader(item.message, CloudEventHeaders.type),
    };
    const causationId = readHeader(item.message, CloudEventHeaders.id);
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

function typeOf(item: BatchItem): string {
  return item.envelope?.type ?? readHeader(item.message, CloudEventHeaders.type) ?? 'unknown';
}

function trackingIdOf(item: BatchItem): string | undefined {
  return item.envelope?.trackingId ?? readHeader(item.message, CloudEventHeaders.trackingId);
}
