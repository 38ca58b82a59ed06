import { CreateOrders1764600000000 } from './migrations/1764600000000-create-orders.migration';
import { AddOrderPaymentFailure1764600000700 } from './migrations/1764600000700-add-order-payment-failure.migration';

/** The orders service's own PostgreSQL schema. @default 'orders' */
export const ORDERS_SCHEMA = 'orders';

/** The orders service's migrations, run after the worker tables. */
export const ordersMigrations = [CreateOrders1764600000000, AddOrderPaymentFailure1764600000700];

/**
 * Where an order is in its life: placed (its charge under way in payments), then paid or
 * payment-failed; a paid order ships. It can be cancelled until it ships.
 */
export const OrderStatuses = {
  /** Waiting for the customers service to create its new customer. */
  awaitingCustomer: 'awaiting-customer',
  placed: 'placed',
  paid: 'paid',
  paymentFailed: 'payment-failed',
  cancelled: 'cancelled',
  shipped: 'shipped',
} as const;

export type OrderStatus = (typeof OrderStatuses)[keyof typeof OrderStatuses];

/** Why the orders worker refuses a request; the API maps each to an HTTP status. */
export const OrderRejections = {
  unknownCustomer: 'unknown-customer',
  invalidItems: 'invalid-items',
  orderNotFound: 'order-not-found',
  orderNotPlaced: 'order-not-placed',
  orderCancelled: 'order-cancelled',
  orderShipped: 'order-shipped',
} as const;

export type OrderRejection = (typeof OrderRejections)[keyof typeof OrderRejections];
