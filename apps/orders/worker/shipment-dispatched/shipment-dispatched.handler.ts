import { EventEnvelope, PayloadOf, ShipmentDispatched } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { OrderStatuses } from '@app/orders';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { advanceOrder, lockOrder } from '../order-rows';

type DispatchedEvent = EventEnvelope<PayloadOf<typeof ShipmentDispatched>>;

/**
 * Marks a paid order shipped when its shipment leaves the warehouse: from then on it can no
 * longer be cancelled. A dispatch of an order cancelled meanwhile (the cancel and the dispatch
 * crossed) leaves it cancelled and is logged: the goods are on their way and need a return.
 */
@Controller()
export class ShipmentDispatchedHandler {
  private readonly logger = new Logger(ShipmentDispatchedHandler.name);

  @OnEvent(ShipmentDispatched)
  async handle(@Payload() event: DispatchedEvent, @Ctx() ctx: WorkerContext): Promise<void> {
    const order = await lockOrder(ctx, event.payload.orderId);
    if (order?.status === OrderStatuses.cancelled) {
      this.logger.warn(
        `Order ${order.orderId} was cancelled, yet its shipment ${event.payload.shipmentId} was dispatched`,
      );
    }
    if (order?.status !== OrderStatuses.paid) return;
    await advanceOrder(ctx, order, OrderStatuses.shipped, event.time);
  }
}
