import { DispatchShipment, EventEnvelope, PayloadOf, ShipmentState } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { dispatchShipment, ShipmentEntity, ShippingRejections } from '@app/shipping';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { applyChange, lockShipments } from '../shipment-writes';

/** Dispatches an addressed shipment; refuses (an answer, not a dead letter) any other. */
@Controller()
export class DispatchShipmentHandler {
  @OnEvent(DispatchShipment)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof DispatchShipment>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<ShipmentState> {
    const { shipmentId } = event.payload;
    const [shipment] = await lockShipments(ctx.manager, { shipmentId });
    if (!shipment) {
      ctx.reject(`Shipment ${shipmentId} does not exist`, ShippingRejections.shipmentNotFound, {
        deadLetter: false,
      });
    }
    const decision = dispatchShipment(ShipmentEntity.toState(shipment));
    if ('code' in decision) ctx.reject(decision.reason, decision.code, { deadLetter: false });
    await applyChange(ctx, decision, event.time);
    return decision.state;
  }
}
