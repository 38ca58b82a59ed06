import { EventDefinition } from '@app/events';
import { EventPattern } from '@nestjs/microservices';

/** Marks a handler's extras when it takes runs of events (`@OnEventBatch`). */
export const BATCH_HANDLER = 'kafkaWorkerBatch';

/**
 * Declares the decorated method as the handler of one catalogue event type. The method gets the
 * decoded envelope (`@Payload()`) and a WorkerContext (`@Ctx()`); Nest pipes, guards and
 * interceptors apply as for any `@EventPattern`.
 */
export function OnEvent(definition: EventDefinition): MethodDecorator {
  return EventPattern(definition.type);
}

/**
 * Declares the decorated method as the batch handler of one catalogue event type: it gets every
 * run of consecutive events of that type in a transaction (`@Payload()`, in offset order, at most
 * the worker's `maxBatchSize`) and a WorkerBatchContext (`@Ctx()`), so that it can read and write
 * with a few multi-row statements instead of a few statements per event.
 */
export function OnEventBatch(definition: EventDefinition): MethodDecorator {
  return EventPattern(definition.type, { [BATCH_HANDLER]: true });
}
