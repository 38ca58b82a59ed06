import { EventEnvelope } from '@app/events';
import { BatchLedger, OutboxRecord } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { classifyFailure } from '../errors/failure-kind';
import { EventDispatcher, HandlerScope } from '../pipeline/event-dispatcher';
import { EventFate, requestIdOf } from './event-fate';
import { FateWriteSettings } from './fate-writes';
import { OpenEvent } from './open-event';

type Decoded = Extract<OpenEvent, { event: EventEnvelope; mark?: undefined }>;

/**
 * Decides the fate of each event of a transaction, in order, through one path for both handler
 * kinds: a single-event handler is a batch of one. Each event a single-event handler takes runs
 * under a savepoint, so that its refusal, or its own permanent error, undoes its writes alone and
 * the transaction goes on. Only real faults (transient or unknown errors) leave the transaction,
 * for retry and poison isolation upstream: a single event's named by its offset, a batch
 * handler's naming none (the batch is bisected).
 */
export class HandlerRunner {
  constructor(
    private readonly dispatcher: EventDispatcher,
    private readonly ledger: BatchLedger,
    private readonly settings: Pick<FateWriteSettings, 'catalogue' | 'factTopics'>,
  ) {}

  /** Returns the fate of each event, in order; `answered` holds the requests already answered. */
  async run(
    tx: EntityManager,
    events: readonly OpenEvent[],
    answered: ReadonlySet<string>,
  ): Promise<EventFate[]> {
    const seen = new Set(answered);
    const fates: EventFate[] = [];
    for (let i = 0; i < events.length;) {
      const open = events[i];
      const trackingId = requestIdOf(open.message, open.event, this.settings.factTopics);
      if (trackingId !== undefined && seen.has(trackingId)) {
        // The same request sent again: never run it twice.
        fates.push({ kind: 'duplicate', message: open.message });
        i++;
      } else if (open.event && !open.mark && this.dispatcher.takesBatches(open.event.type)) {
        const run = batchRun(events, i, open.event.type, seen, this.settings.factTopics);
        fates.push(...(await this.runBatch(tx, run)));
        i += run.length;
      } else {
        fates.push(await this.runOne(tx, open));
        if (trackingId !== undefined) seen.add(trackingId);
        i++;
      }
    }
    return fates;
  }

  private async runOne(tx: EntityManager, open: OpenEvent): Promise<EventFate> {
    if (open.mark) return markedFate(open);
    if (open.unhandled) return { kind: 'unhandled', message: open.message };
    const { message, event } = open;
    if (!this.dispatcher.handles(event.type)) return { kind: 'unhandled', message, event };
    const records: OutboxRecord[] = [];
    await this.ledger.beginEvent(tx);
    try {
      const decision = await this.dispatcher.dispatch(event, this.scope(tx, records));
      if (decision.kind === 'applied') {
        records.push(...decision.records);
        return { ...decision, message, event, records };
      }
      await this.ledger.undoEvent(tx);
      return { kind: 'refused', message, event, reason: decision.error };
    } catch (error) {
      if (classifyFailure(error) !== 'permanent') throw new EventFailedError(message.offset, error);
      await this.ledger.undoEvent(tx);
      if (error instanceof EventRejectedError)
        return { kind: 'refused', message, event, reason: error };
      return { kind: 'failed', message, event, error, attempts: 1 };
    }
  }

  /** Hands a run to its batch handler; a failure names no event, so it is bisected upstream. */
  private async runBatch(tx: EntityManager, run: readonly Decoded[]): Promise<EventFate[]> {
    const decisions = await this.dispatcher.dispatchBatch(
      run.map((open) => open.event),
      this.scope(tx),
    );
    return run.map(({ message, event }, i): EventFate => {
      const decision = decisions[i];
      return decision.kind === 'applied'
        ? { ...decision, message, event }
        : { kind: 'refused', message, event, reason: decision.error };
    });
  }

  private scope(tx: EntityManager, records?: OutboxRecord[]): HandlerScope {
    return {
      manager: tx,
      append: (record) => {
        if (!records) throw new Error('A batch handler emits through its context, per event.');
        records.push(record);
      },
      resolve: (definition) => {
        // Undeclared, it would keep its bare topic: under a topic prefix, another environment's.
        if (!this.settings.catalogue.has(definition.type)) {
          throw new Error(
            `Event type ${definition.type} is not in the worker's catalogue; declare it (another ` +
              "service's command: name its input topic in the service definition's `sends`).",
          );
        }
        return this.settings.catalogue.resolve(definition);
      },
    };
  }
}

/** Returns the fate of an event marked for the dead-letter topic before the transaction. */
function markedFate(open: Extract<OpenEvent, { mark: object }>): EventFate {
  const { message, event, mark } = open;
  if (mark.error instanceof EventRejectedError && event)
    return { kind: 'refused', message, event, reason: mark.error };
  return { kind: 'failed', message, event, error: mark.error, attempts: mark.attempts };
}

/**
 * Returns the longest run of events from `start` that a batch handler of `type` takes at once:
 * decoded, not marked for the dead-letter topic, each tracked request seen once. Marks their
 * tracking ids as seen.
 */
function batchRun(
  events: readonly OpenEvent[],
  start: number,
  type: string,
  seen: Set<string>,
  factTopics: ReadonlySet<string>,
): Decoded[] {
  const run: Decoded[] = [];
  for (let i = start; i < events.length; i++) {
    const open = events[i];
    if (open.mark || open.unhandled || open.event.type !== type) break;
    const trackingId = requestIdOf(open.message, open.event, factTopics);
    if (trackingId !== undefined) {
      if (seen.has(trackingId)) break;
      seen.add(trackingId);
    }
    run.push(open);
  }
  return run;
}
