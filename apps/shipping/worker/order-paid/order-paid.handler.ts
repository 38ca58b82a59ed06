import { EventEnvelope, OrderPaid, PayloadOf, ShipmentCreated } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { newShipment, ShipmentEntity } from '@app/shipping';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { lockCustomer, readCustomer } from '../shipment-writes';

/**
 * Creates the shipment of a paid order (an unpaid one never ships), addressed from the replica;
 * when the replica does not know the customer yet, the shipment waits for the customer's fact
 * (see CustomerReplicaHandler).
 */
@Controller()
export class OrderPaidHandler {
  @OnEvent(OrderPaid)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderPaid>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const { orderId, customerId } = event.payload;
    await lockCustomer(ctx.manager, customerId);
    const shipments = ctx.manager.getRepository(ShipmentEntity);
    // One shipment per order, even for a copy of the fact published again under another id.
    if (await shipments.existsBy({ orderId })) return;
    const state = newShipment(event.payload, await readCustomer(ctx.manager, customerId));
    await shipments.insert({ ...state, createdAt: event.time, updatedAt: event.time });
    ctx.emit(ShipmentCreated, state);
  }
}
