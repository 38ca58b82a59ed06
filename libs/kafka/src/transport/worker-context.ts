import { EventDefinition, EventEnvelope, PayloadOf } from '@app/events';
import { TraceHeaders } from '@app/observability';
import { RequestOutcome } from '@app/persistence';
import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { EventRejectedError, RejectionOptions } from '../errors/event-rejected.error';
import { HandlerScope, Settling } from '../pipeline/event-dispatcher';
import { EmitOptions, emittedEvent, traceOf } from './emitted-event';
import { acceptedOutcome, rejectedOutcome, TrackedRequest } from './settled-request';

/** The rejection code of a command whose caller does not own what it would change (HTTP 403). */
export const NOT_OWNER = 'not-owner';

type WorkerContextArgs = [EventEnvelope, HandlerScope, string, TraceHeaders];

/**
 * What a handler gets beside its event (`@Ctx()`): the batch transaction to write the view and
 * an `emit` that appends output events to the outbox. It never commits, retries or deduplicates.
 */
export class WorkerContext extends BaseRpcContext<WorkerContextArgs> {
  private emitted = 0;
  private refusal?: EventRejectedError;
  private deferred = false;
  private readonly settled: RequestOutcome[] = [];

  /** `trace` is the trace context of the span handling `event`; without one, the event's own. */
  constructor(
    event: EventEnvelope,
    scope: HandlerScope,
    source: string,
    trace: TraceHeaders = traceOf(event),
  ) {
    super([event, scope, source, trace]);
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
   * Returns the customer the command acts for (its `ce_onbehalfof`), if the API's caller acts for
   * one: the handler then checks that the entity it changes is that customer's, against its view.
   */
  get onBehalfOf(): string | undefined {
    return this.event.onBehalfOf;
  }

  /**
   * Refuses the command (an answer, `not-owner`, not a dead letter) when it acts for a customer
   * who does not own what it changes; does nothing for a command that acts for every owner.
   * @param owner the owner of the entity, as the view knows it
   * @param what the entity, as the refusal names it
   */
  requireOwner(owner: string, what: string): void {
    const customer = this.onBehalfOf;
    if (customer === undefined || customer.toLowerCase() === owner.toLowerCase()) return;
    this.reject(`${what} is not customer ${customer}'s`, NOT_OWNER, { deadLetter: false });
  }

  /**
   * Appends an output event to the outbox, carrying this event's tracking id (or the one
   * `options` chooses, for a command to another service), as causation its id, its correlation
   * and the trace context of its handling. The new event's id derives from the cause, so a re-run
   * emits the same id.
   * @throws SchemaViolationError when the payload does not match the definition's schema.
   */
  emit<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    options?: EmitOptions,
  ): EventEnvelope<PayloadOf<D>> {
    const [cause, scope, source, trace] = this.args;
    const sequence = this.emitted++;
    const emitted = emittedEvent(
      { cause, sequence, scope, source, trace },
      definition,
      payload,
      options,
    );
    scope.append(emitted.record);
    return emitted.envelope;
  }

  /**
   * Leaves the tracked request this event carries unanswered: its writes and emitted events
   * stay, but no outcome is recorded now (a wait for it goes on), until a later handler answers
   * it by its tracking id with `answerRequest` or `rejectRequest`.
   */
  defer(): void {
    this.deferred = true;
  }

  /**
   * Answers another tracked request (one deferred earlier) as accepted with `result`, in this
   * batch's transaction: its outcome row is written and announced when the transaction commits.
   * A request already answered keeps its first outcome.
   */
  answerRequest(request: TrackedRequest, result: unknown): void {
    this.settled.push(acceptedOutcome(request, result));
  }

  /**
   * Answers another tracked request (one deferred earlier) as rejected, in this batch's
   * transaction: its outcome row is written and announced, and the worker's request-rejected fact
   * is published under its tracking id. A request already answered keeps its first outcome.
   */
  rejectRequest(request: TrackedRequest, reason: string, code?: string): void {
    this.settled.push(rejectedOutcome(request, reason, code));
  }

  /** Returns what the handler did to tracked requests besides answering this event's. */
  get settling(): Settling {
    return { deferred: this.deferred, settled: [...this.settled] };
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
