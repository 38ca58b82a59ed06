import { EventDefinition, EventEnvelope, PayloadOf } from '@app/events';
import { TraceHeaders } from '@app/observability';
import { OutboxRecord, RequestOutcome } from '@app/persistence';
import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { EventRejectedError, RejectionOptions } from '../errors/event-rejected.error';
import { EventDecision, HandlerScope } from '../pipeline/event-dispatcher';
import { EmitOptions, emittedEvent, traceOf } from './emitted-event';
import { acceptedOutcome, rejectedOutcome, TrackedRequest } from './settled-request';

type WorkerBatchContextArgs = [
  readonly EventEnvelope[],
  HandlerScope,
  string,
  ReadonlyMap<EventEnvelope, TraceHeaders>,
];

interface EventState {
  emitted: OutboxRecord[];
  result?: unknown;
  rejection?: EventRejectedError;
  deferred: boolean;
  settled: RequestOutcome[];
}

/**
 * What a batch handler (`@OnEventBatch`) gets beside its events (`@Ctx()`): the batch
 * transaction, and per event an `emit`, a `reject` and the `answer` a tracked request gets.
 * A batch handler decides each event in order, as a loop of single handlers would: a rejected
 * event must leave no writes behind, and a later event sees what an earlier one changed.
 */
export class WorkerBatchContext extends BaseRpcContext<WorkerBatchContextArgs> {
  private readonly states = new Map<EventEnvelope, EventState>();

  /** `traces` holds the trace context of the span handling each event; without one, the event's own. */
  constructor(
    events: readonly EventEnvelope[],
    scope: HandlerScope,
    source: string,
    traces: ReadonlyMap<EventEnvelope, TraceHeaders> = new Map(),
  ) {
    super([events, scope, source, traces]);
    for (const event of events)
      this.states.set(event, { emitted: [], deferred: false, settled: [] });
  }

  /** Returns the events of the batch, in offset order. */
  get events(): readonly EventEnvelope[] {
    return this.args[0];
  }

  /** Returns the entity manager of the batch transaction: every write of the view goes through it. */
  get manager(): EntityManager {
    return this.args[1].manager;
  }

  /**
   * Emits an output event because of `cause`, published after the transaction commits unless
   * `cause` is rejected. Ids and tracking ids derive as `WorkerContext.emit` derives them.
   * @throws SchemaViolationError when the payload does not match the definition's schema.
   */
  emit<D extends EventDefinition>(
    cause: EventEnvelope,
    definition: D,
    payload: PayloadOf<D>,
    options?: EmitOptions,
  ): EventEnvelope<PayloadOf<D>> {
    const state = this.stateOf(cause);
    const [, scope, source, traces] = this.args;
    const sequence = state.emitted.length;
    const trace = traces.get(cause) ?? traceOf(cause);
    const emitted = emittedEvent(
      { cause, sequence, scope, source, trace },
      definition,
      payload,
      options,
    );
    state.emitted.push(emitted.record);
    return emitted.envelope;
  }

  /** Sets what the tracked request of `cause` is answered with (a handler's return value, for single handlers). */
  answer(cause: EventEnvelope, result: unknown): void {
    this.stateOf(cause).result = result;
  }

  /** Leaves the tracked request of `cause` unanswered for now, as `WorkerContext.defer` does. */
  defer(cause: EventEnvelope): void {
    this.stateOf(cause).deferred = true;
  }

  /** Answers another tracked request because of `cause`, as `WorkerContext.answerRequest` does. */
  answerRequest(cause: EventEnvelope, request: TrackedRequest, result: unknown): void {
    this.stateOf(cause).settled.push(acceptedOutcome(request, result));
  }

  /** Rejects another tracked request because of `cause`, as `WorkerContext.rejectRequest` does. */
  rejectRequest(
    cause: EventEnvelope,
    request: TrackedRequest,
    reason: string,
    code?: string,
  ): void {
    this.stateOf(cause).settled.push(rejectedOutcome(request, reason, code));
  }

  /**
   * Refuses `cause` for good, as `WorkerContext.reject` does, without stopping the batch: its
   * emitted events are dropped, its request is answered with the rejection, and it goes to the
   * dead-letter topic unless `deadLetter: false`. The handler must not write anything for it.
   */
  reject(cause: EventEnvelope, reason: string, code?: string, options?: RejectionOptions): void {
    this.stateOf(cause).rejection = new EventRejectedError(reason, code, options);
  }

  /** Returns what was decided about each event, in order. */
  outcomes(): EventDecision[] {
    return this.events.map((event) => {
      const state = this.stateOf(event);
      return state.rejection
        ? { kind: 'rejected', error: state.rejection }
        : {
            kind: 'applied',
            result: state.result,
            records: state.emitted,
            deferred: state.deferred,
            settled: state.settled,
          };
    });
  }

  private stateOf(event: EventEnvelope): EventState {
    const state = this.states.get(event);
    if (!state) throw new Error(`Event ${event.id} is not part of this batch.`);
    return state;
  }
}
