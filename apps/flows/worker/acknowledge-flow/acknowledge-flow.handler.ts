import {
  AcknowledgeFlow,
  EventEnvelope,
  FlowAcknowledgement,
  FlowAcknowledged,
  PayloadOf,
} from '@app/events';
import { FlowRejections, FlowViewRepository } from '@app/flows';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

type AcknowledgeFlowEvent = EventEnvelope<PayloadOf<typeof AcknowledgeFlow>>;

/** Records that a person took care of a flow, unless the view never saw it; publishes the fact. */
@Controller()
export class AcknowledgeFlowHandler {
  @OnEvent(AcknowledgeFlow)
  async handle(
    @Payload() event: AcknowledgeFlowEvent,
    @Ctx() ctx: WorkerContext,
  ): Promise<FlowAcknowledgement> {
    const { correlationId, note } = event.payload;
    const found = await new FlowViewRepository(ctx.manager).acknowledge(
      correlationId,
      note,
      event.time,
    );
    if (!found)
      ctx.reject(`No flow ${correlationId} was seen`, FlowRejections.unknownFlow, {
        deadLetter: false,
      });
    ctx.emit(FlowAcknowledged, { correlationId, note });
    return { correlationId, note };
  }
}
