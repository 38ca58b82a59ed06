import { EventDefinition, EventEnvelope } from '@app/events';
import { OutboxRecord, RequestOutcome } from '@app/persistence';
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

/** What a handler decided about one of its events. */
export type EventDecision =
  | ({
      readonly kind: 'applied';
      readonly result: unknown;
      readonly records: OutboxRecord[];
    } & Settling)
  | { readonly kind: 'rejected'; readonly error: EventRejectedError };

/** Routes decoded events to the application's handlers; resolves with what they decided. */
export interface EventDispatcher {
  /** Tells whether some handler takes this event type. */
  handles(type: string): boolean;
  /** Tells whether the handlers of this type take a run of consecutive events at once. */
  takesBatches(type: string): boolean;
  /**
   * Hands one event to its single-event handlers; resolves with what they decided: applied with
   * what the last one returned (its output events appended to the scope), or rejected.
   */
  dispatch(event: EventEnvelope, scope: HandlerScope): Promise<EventDecision>;
  /**
   * Hands consecutive events of one type to their batch handlers; resolves with one outcome per
   * event, in order. Output events are not appended to the scope: each applied outcome carries its own.
   */
  dispatchBatch(events: readonly EventEnvelope[], scope: HandlerScope): Promise<EventDecision[]>;
}

/** What an applied event does to tracked requests besides answering its own. */
export interface Settling {
  /** Its own tracked request is left unanswered: a later event answers it by its tracking id. */
  readonly deferred?: boolean;
  /** Other tracked requests it answers, by their tracking ids. */
  readonly settled?: readonly RequestOutcome[];
}
