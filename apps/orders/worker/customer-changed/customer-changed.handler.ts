import { CustomerDeleted, CustomerUpdated, EventEnvelope } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { writeReplica } from '../customer-replica';

type CustomerFact = EventEnvelope<{ customerId: string; version: number }>;

/** Keeps the replica of customers as they change: newer versions win, a delete stays as a tombstone. */
@Controller()
export class CustomerChangedHandler {
  @OnEvent(CustomerUpdated)
  async updated(@Payload() event: CustomerFact, @Ctx() ctx: WorkerContext): Promise<void> {
    await writeReplica(ctx, event.payload, false);
  }

  @OnEvent(CustomerDeleted)
  async deleted(@Payload() event: CustomerFact, @Ctx() ctx: WorkerContext): Promise<void> {
    await writeReplica(ctx, event.payload, true);
  }
}
