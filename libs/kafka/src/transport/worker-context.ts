import { EventDefinition, EventEnvelope, PayloadOf } from '@app/events';
import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { EventRejectedError, RejectionOptions } from '../errors/event-rejected.error';
import { HandlerScope } from '../pipeline/event-dispatcher';
import { emittedEvent } from './emitted-event';

type WorkerContextArgs = [EventEnvelope, HandlerScope, string];

/**
 * What a handler gets beside its event (`@Ctx()`): the batch transaction to write the view and
 * an `emit` that appends output events to the outbox. It never commits, retries or deduplicates.
 */
export class WorkerContext extends BaseRpcContext<WorkerContextArgs> {
  private emitted = 0;
  private refusal?: EventRejectedError;

  constructor(event: EventEnvelope, scope: HandlerScope, source: string) {
    super([event, scope, source]);
  }

  /** Returns the event being handled. */
  get event(): EventEnvelope {
    return this.args[0];
  }

  /** Returns the entity manager of the batch transaction: every write of the view goes through it. */
  get manager(): EntityManager {
    return this.args[1].manager;
  }

  /** Returns the tracking id of the request this event carries, if any. */
  get trackingId(): string | undefined {
    return this.event.trackingId;
  }

  /**
   * Appends an output event to the outbox, carrying this event's tracking id and, as causation,
   * its id. The new event's id derives from both, so a re-run emits the same id.
   * @throws SchemaViolationError when the payload does not match the definition's schema.
   */
  emit<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
  ): EventEnvelope<PayloadOf<D>> {
    const [cause, scope, source] = this.args;
    const emitted = emittedEvent(cause, this.emitted++, scope, source, definition, payload);
    scope.append(emitted.record);
    return emitted.envelope;
  }

  /** Returns the refusal `reject` recorded, if any. */
  get rejection(): EventRejectedError | undefined {
    return this.refusal;
  }

  /**
   * Records the event's refusal, as `WorkerBatchContext.reject` does: its writes are undone (its
   * own only: the batch goes on), a tracked request is answered with a rejection, and the event
   * goes to the dead-letter topic unless `deadLetter: false`. The refusal stands even if the
   * handler catches what is thrown to end it.
   * @throws EventRejectedError always, to end the handler.
   */
  reject(reason: string, code?: string, options?: RejectionOptions): never {
    this.refusal = new EventRejectedError(reason, code, options);
    throw this.refusal;
  }
}
