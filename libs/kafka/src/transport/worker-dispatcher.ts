import { EventEnvelope } from '@app/events';
import type { TraceHeaders } from '@app/observability';
import { inSpan, runWithLogContext } from '@app/observability';
import { Logger } from '@nestjs/common';
import { MessageHandler } from '@nestjs/microservices';
import { lastValueFrom, Observable } from 'rxjs';
import { EventRejectedError } from '../errors/event-rejected.error';
import { EventDecision, EventDispatcher, HandlerScope } from '../pipeline/event-dispatcher';
import { startEventSpan } from './event-span';
import { ANY_EVENT_TYPE, BATCH_HANDLER } from './on-event.decorator';
import { WorkerBatchContext } from './worker-batch-context';
import { WorkerContext } from './worker-context';

/** What the dispatcher needs of the Nest server its handlers were registered on. */
export interface HandlerRegistry {
  getHandlers(): Map<string, MessageHandler>;
  getHandlerByPattern(pattern: string): MessageHandler | null;
  transformToObservable(result: unknown): Observable<unknown>;
}

/**
 * The Nest-facing half of the worker: finds the handlers `@OnEvent` and `@OnEventBatch` declared
 * and calls them through Nest (pipes, guards, interceptors, filters apply), with the context of
 * their kind; resolves with what they decided about each event.
 */
export class WorkerDispatcher implements EventDispatcher {
  private readonly logger = new Logger('KafkaWorkerTransport');
  private readonly chains = new Map<string, readonly MessageHandler[]>();

  constructor(
    private readonly registry: HandlerRegistry,
    /** `ce_source` of the events the handlers emit. */
    private readonly source: string,
  ) {}

  /**
   * Checks every registered event type at start rather than on its first event.
   * @throws Error when a type has both @OnEvent and @OnEventBatch handlers.
   */
  assertHandlers(): void {
    for (const type of this.registry.getHandlers().keys()) this.handlersOf(type);
  }

  handles(type: string): boolean {
    return this.handlersOf(type).length > 0;
  }

  takesBatches(type: string): boolean {
    return this.handlersOf(type)[0]?.extras?.[BATCH_HANDLER] === true;
  }

  async dispatch(event: EventEnvelope, scope: HandlerScope): Promise<EventDecision> {
    const span = startEventSpan(event);
    return inSpan(span, () => this.dispatchInSpan(event, scope, span.headers));
  }

  private async dispatchInSpan(
    event: EventEnvelope,
    scope: HandlerScope,
    trace: TraceHeaders,
  ): Promise<EventDecision> {
    let result: unknown;
    let thrown: EventRejectedError | undefined;
    // One context per event, so that emitted ids stay distinct across chained handlers.
    const context = new WorkerContext(event, scope, this.source, trace);
    // Every log line written while handling carries the event's tracking id.
    await runWithLogContext(
      { trackingId: event.trackingId, eventId: event.id, eventType: event.type },
      async () => {
        try {
          // Several handlers may take one event type; Nest chains them through `next`.
          for (const handler of this.handlersOf(event.type)) {
            result = await this.run(handler, event, context);
          }
        } catch (error) {
          // A refusal ends the handler by a throw; anything else is a failure for the pipeline.
          if (context.rejection) return;
          if (!(error instanceof EventRejectedError)) throw error;
          thrown = error;
        }
        this.logger.debug?.(`Handled ${event.type} ${event.id}`);
      },
    );
    const rejection = context.rejection ?? thrown;
    return rejection
      ? { kind: 'rejected', error: rejection }
      : { kind: 'applied', result, records: [], ...context.settling };
  }

  async dispatchBatch(
    events: readonly EventEnvelope[],
    scope: HandlerScope,
  ): Promise<EventDecision[]> {
    const type = events[0]?.type;
    if (type === undefined) return [];
    // A span per event, so that what each event causes stays in the trace of its own flow.
    const spans = new Map(events.map((event) => [event, startEventSpan(event)]));
    const traces = new Map([...spans].map(([event, span]) => [event, span.headers]));
    const context = new WorkerBatchContext(events, scope, this.source, traces);
    try {
      await runWithLogContext({ eventType: type, batchSize: events.length }, async () => {
        for (const handler of this.handlersOf(type)) await this.run(handler, events, context);
      });
    } catch (error) {
      for (const span of spans.values()) span.end(error);
      throw error;
    }
    const outcomes = context.outcomes();
    events.forEach((event, i) => {
      spans.get(event)?.end();
      runWithLogContext({ trackingId: event.trackingId, eventId: event.id, eventType: type }, () =>
        this.logger.debug?.(`Handled ${type} ${event.id} in a batch: ${outcomes[i].kind}`),
      );
    });
    return outcomes;
  }

  private async run(handler: MessageHandler, data: unknown, context: unknown): Promise<unknown> {
    return lastValueFrom(this.registry.transformToObservable(await handler(data, context)), {
      defaultValue: undefined,
    });
  }

  /**
   * Returns the chain of handlers of an event type, or of `@OnAnyEvent` when none takes it
   * (cached: Nest parses the pattern on each lookup).
   */
  private handlersOf(type: string): readonly MessageHandler[] {
    const cached = this.chains.get(type);
    if (cached) return cached;
    const chain: MessageHandler[] = [];
    const first =
      this.registry.getHandlerByPattern(type) ?? this.registry.getHandlerByPattern(ANY_EVENT_TYPE);
    for (let h = first; h; h = (h.next as MessageHandler) ?? null) chain.push(h);
    if (new Set(chain.map((h) => h.extras?.[BATCH_HANDLER] === true)).size > 1) {
      throw new Error(
        `Event type ${type} has both @OnEvent and @OnEventBatch handlers; use one kind per type.`,
      );
    }
    this.chains.set(type, chain);
    return chain;
  }
}
