import { EventEnvelope, ObservedPayload } from '@app/events';
import { flowHopOf, FlowStates, FlowViewRepository } from '@app/flows';
import { OnAnyEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { FlowMetrics } from '../flow-metrics';

/**
 * Records every event of the observed topics as a hop of its flow (its correlation id) and
 * summarizes the flow again (and every flow the event cancels); a flow that reaches its terminal
 * state here has its duration observed, once: a copy seen again finds it ended already.
 */
@Controller()
export class RecordHopHandler {
  constructor(private readonly metrics: FlowMetrics) {}

  @OnAnyEvent()
  async record(
    @Payload() event: EventEnvelope<ObservedPayload>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const flowHop = flowHopOf(event);
    if (!flowHop) return;
    for (const { before, after } of await new FlowViewRepository(ctx.manager).record(flowHop)) {
      const wasRunning = before === undefined || before === FlowStates.running;
      if (wasRunning && after.state !== FlowStates.running) this.metrics.observeEnded(after);
    }
  }
}
