import { EventEnvelope, OrderCancelled, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { MetricsService } from '@app/observability';
import { cancelShipment, ShipmentEntity } from '@app/shipping';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Counter } from 'prom-client';
import { applyChange, lockShipments } from '../shipment-writes';

/**
 * Cancels the shipment of a cancelled order, unless it was dispatched. Orders and shipping decide
 * apart: an order cancelled while its shipment is being dispatched may be cancelled in orders
 * after shipping dispatched it. Shipping's dispatch stands (the parcel has left); the late
 * cancellation changes nothing here, is logged at warn and counted, and orders learns of the
 * dispatch from ShipmentDispatched.
 */
@Controller()
export class OrderCancelledHandler {
  private readonly logger = new Logger(OrderCancelledHandler.name);
  private readonly ignored: Counter<'reason'>;

  constructor(metrics: MetricsService) {
    this.ignored = new Counter({
      name: 'shipping_cancellations_ignored_total',
      help: 'Order cancellations that changed no shipment: it was dispatched, or the order was never paid.',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
  }

  @OnEvent(OrderCancelled)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OrderCancelled>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const { orderId } = event.payload;
    const [shipment] = await lockShipments(ctx.manager, { orderId });
    if (!shipment) {
      // Cancelled before it was paid (or its payment failed): it never had a shipment.
      this.ignored.inc({ reason: 'no-shipment' });
      this.logger.debug(`Order ${orderId} was cancelled before any shipment; nothing to cancel`);
      return;
    }
    const decision = cancelShipment(ShipmentEntity.toState(shipment));
    if ('unchanged' in decision) {
      if (decision.unchanged === 'dispatched') {
        this.ignored.inc({ reason: 'dispatched' });
        this.logger.warn(
          `Order ${orderId} was cancelled after its shipment ${shipment.shipmentId} was dispatched; the shipment stands`,
        );
      }
      return;
    }
    await applyChange(ctx, decision, event.time);
  }
}
