import { ConsumerGroups, ShippingRequestRejected } from '@app/events';
import { runWorker } from '@app/service';
import { shippingService } from '@app/shipping';
import { CustomerReplicaHandler } from './customer-replica/customer-replica.handler';
import { DispatchShipmentHandler } from './dispatch-shipment/dispatch-shipment.handler';
import { OrderCancelledHandler } from './order-cancelled/order-cancelled.handler';
import { OrderPaidHandler } from './order-paid/order-paid.handler';

runWorker(shippingService, {
  groupId: ConsumerGroups.shippingWorker,
  handlers: [
    CustomerReplicaHandler,
    OrderPaidHandler,
    OrderCancelledHandler,
    DispatchShipmentHandler,
  ],
  rejectionEvent: ShippingRequestRejected,
});
