import { EventDefinition, EventEnvelope } from '@app/events';
import { OutboxRecord } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { EventRejectedError } from '../errors/event-rejected.error';

/** What a handler may touch while it handles one event: the batch's transaction and the outbox. */
export interface HandlerScope {
  /** The batch transaction's entity manager: every write of the view goes through it. */
  readonly manager: EntityManager;
  /** Appends an encoded event to the outbox; it is published after the transaction commits. */
  append(record: OutboxRecord): void;
  /** Returns the worker catalogue's own definition of an event type (its topic may carry a prefix). */
  resolve?<D extends EventDefinition>(definition: D): D;
}

/** What a batch handler decided about one of its events. */
export type BatchEventOutcome =
  | { readonly kind: 'applied'; readonly result: unknown; readonly records: OutboxRecord[] }
  | { readonly kind: 'rejected'; readonly error: EventRejectedError };

/** Routes a decoded event to the application's handler; resolves with what the handler returned. */
export interface EventDispatcher {
  /** Tells whether some handler takes this event type. */
  handles(type: string): boolean;
  /** Tells whether the handlers of this type take a run of consecutive events at once. */
  takesBatches(type: string): boolean;
  dispatch(event: EventEnvelope, scope: HandlerScope): Promise<unknown>;
  /**
   * Hands consecutive events of one type to their batch handlers; resolves with one outcome per
   * event, in order. Output events are not appended to the scope: each applied outcome carries its own.
   */
  dispatchBatch(
    events: readonly EventEnvelope[],
    scope: HandlerScope,
  ): Promise<BatchEventOutcome[]>;
}
