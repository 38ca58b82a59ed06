import { ConsumerGroups, OrderRequestRejected } from '@app/events';
import { ordersService } from '@app/orders';
import { runWorker } from '@app/service';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { CustomerChangedHandler } from './customer-changed/customer-changed.handler';
import { CustomerCreatedHandler } from './customer-created/customer-created.handler';
import { CustomerRequestRejectedHandler } from './customer-request-rejected/customer-request-rejected.handler';
import { OrderChargeFailedHandler } from './order-charge-failed/order-charge-failed.handler';
import { OrderChargedHandler } from './order-charged/order-charged.handler';
import { PlaceOrderHandler } from './place-order/place-order.handler';
import { ShipmentDispatchedHandler } from './shipment-dispatched/shipment-dispatched.handler';
import { OrdersMetrics } from './orders-metrics';

runWorker(ordersService, {
  groupId: ConsumerGroups.ordersWorker,
  handlers: [
    PlaceOrderHandler,
    CancelOrderHandler,
    CustomerCreatedHandler,
    CustomerChangedHandler,
    CustomerRequestRejectedHandler,
    ShipmentDispatchedHandler,
    OrderChargedHandler,
    OrderChargeFailedHandler,
  ],
  providers: [OrdersMetrics],
  rejectionEvent: OrderRequestRejected,
});
