import { EventCatalogue } from '../../event-catalogue';
import { CancelOrder } from './cancel-order.event';
import { OrderCancelled } from './order-cancelled.event';
import { OrderPaid } from './order-paid.event';
import { OrderPaymentFailed } from './order-payment-failed.event';
import { OrderPlaced } from './order-placed.event';
import { OrderRequestRejected } from './order-request-rejected.event';
import { PlaceOrder } from './place-order.event';

/** Every event type of the orders service, commands and facts. */
export const ordersCatalogue = new EventCatalogue([
  PlaceOrder,
  CancelOrder,
  OrderPlaced,
  OrderCancelled,
  OrderPaid,
  OrderPaymentFailed,
  OrderRequestRejected,
]);
