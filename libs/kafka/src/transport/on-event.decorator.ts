import { EventDefinition } from '@app/events';
import { EventPattern } from '@nestjs/microservices';

/**
 * Declares the decorated method as the handler of one catalogue event type. The method gets the
 * decoded envelope (`@Payload()`) and a WorkerContext (`@Ctx()`); Nest pipes, guards and
 * interceptors apply as for any `@EventPattern`.
 */
export function OnEvent(definition: EventDefinition): MethodDecorator {
  return EventPattern(definition.type);
}
