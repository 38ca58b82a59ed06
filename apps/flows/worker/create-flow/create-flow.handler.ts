import { FlowRejections } from '@app/flows';
import { CreateFlow, FlowCreated, FlowState, EventEnvelope, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

type CreateFlowEvent = EventEnvelope<PayloadOf<typeof CreateFlow>>;

/** Creates a flow, unless its id exists; publishes the fact and answers the request. */
@Controller()
export class CreateFlowHandler {
  @OnEvent(CreateFlow)
  async handle(@Payload() event: CreateFlowEvent, @Ctx() ctx: WorkerContext): Promise<FlowState> {
    const { flowId, name } = event.payload;
    const existing: unknown[] = await ctx.manager.query(`SELECT 1 FROM flows WHERE flow_id = $1`, [
      flowId,
    ]);
    if (existing.length > 0)
      ctx.reject(`Flow ${flowId} already exists`, FlowRejections.flowExists, {
        deadLetter: false,
      });
    await ctx.manager.query(
      `INSERT INTO flows (flow_id, name, version, created_at) VALUES ($1, $2, 1, $3)`,
      [flowId, name, event.time],
    );
    const state: FlowState = { flowId, name, version: 1 };
    ctx.emit(FlowCreated, state);
    return state;
  }
}
