import { EventDefinition, EventEnvelope, PayloadOf } from '@app/events';
import { EventPattern } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { WorkerBatchContext } from './worker-batch-context';
import { WorkerContext } from './worker-context';

/** The pattern of the handlers of every event type no other handler takes (`@OnAnyEvent`). */
export const ANY_EVENT_TYPE = '*';

/** Marks a handler's extras when it takes runs of events (`@OnEventBatch`). */
export const BATCH_HANDLER = 'kafkaWorkerBatch';

/** A method that handles one event of definition `D` (its payload type is inferred from `D`). */
export type EventHandlerMethod<D extends EventDefinition> = (
  event: EventEnvelope<PayloadOf<D>>,
  context: WorkerContext,
) => unknown;

/**
 * A method that handles events of any type; it declares their payload type (`ObservedPayload`,
 * on observed topics).
 */
export type AnyEventHandlerMethod = (
  event: EventEnvelope<never>,
  context: WorkerContext,
) => unknown;

/** A method that handles runs of events of definition `D`. */
export type EventBatchHandlerMethod<D extends EventDefinition> = (
  events: readonly EventEnvelope<PayloadOf<D>>[],
  context: WorkerBatchContext,
) => unknown;

/** A method decorator that only fits methods of type `M`: a handler cannot declare the wrong payload. */
export type HandlerDecorator<M> = <T extends M>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/**
 * Declares the decorated method as the handler of one catalogue event type. The method gets the
 * decoded envelope (`@Payload()`) and a WorkerContext (`@Ctx()`); Nest pipes, guards and
 * interceptors apply as for any `@EventPattern`. The method's payload type must be the
 * definition's: a handler declaring another does not compile. Stacked on one method, each
 * `@OnEvent` adds its type (Nest's `@EventPattern` alone would keep only the last one).
 */
export function OnEvent<D extends EventDefinition>(
  definition: D,
): HandlerDecorator<EventHandlerMethod<D>> {
  return (target, key, descriptor) => {
    const method: unknown = descriptor.value;
    const stacked = patternsOf(method);
    if (stacked.length > 0 && isBatchHandler(method))
      throw new Error(
        `${String(key)}: @OnEvent and @OnEventBatch cannot share a method; give each its own`,
      );
    EventPattern([...stacked, definition.type])(target, key, descriptor);
  };
}

function patternsOf(method: unknown): string[] {
  if (typeof method !== 'function') return [];
  const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, method);
  return Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : [];
}

function isBatchHandler(method: unknown): boolean {
  if (typeof method !== 'function') return false;
  const extras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as
    Record<string, unknown> | undefined;
  return extras?.[BATCH_HANDLER] === true;
}

/**
 * Declares the decorated method as the batch handler of one catalogue event type: it gets every
 * run of consecutive events of that type in a transaction (`@Payload()`, in offset order, at most
 * the worker's `maxBatchSize`) and a WorkerBatchContext (`@Ctx()`), so that it can read and write
 * with a few multi-row statements instead of a few statements per event.
 */
export function OnEventBatch<D extends EventDefinition>(
  definition: D,
): HandlerDecorator<EventBatchHandlerMethod<D>> {
  return EventPattern(definition.type, { [BATCH_HANDLER]: true });
}

/**
 * Declares the decorated method as the handler of every event no other handler takes: on a topic
 * the worker observes (`observe: true`), every record whatever its type that names its flow
 * (`ce_correlationid`), decoded from its headers alone, its payload an `ObservedPayload`; elsewhere, the events of the worker's catalogue. The
 * method gets the envelope (`@Payload()`) and a WorkerContext (`@Ctx()`).
 */
export function OnAnyEvent(): HandlerDecorator<AnyEventHandlerMethod> {
  return EventPattern(ANY_EVENT_TYPE);
}
