import {
  customersCatalogue,
  EventCatalogue,
  OrderCharged,
  OrderChargeFailed,
  ordersCatalogue,
  ShipmentDispatched,
  Topics,
} from '@app/events';
import { defineService } from '@app/service';
import { CustomerReplicaEntity } from './customer-replica.entity';
import { OrderEntity } from './order.entity';
import { ORDERS_SCHEMA, ordersMigrations } from './orders.constants';

/** The orders service as its API, worker, migration job and tests see it. */
export const ordersService = defineService({
  name: 'orders',
  catalogue: ordersCatalogue,
  topics: { commands: Topics.orderCommands, events: Topics.orderEvents },
  schema: ORDERS_SCHEMA,
  migrations: ordersMigrations,
  entities: [OrderEntity, CustomerReplicaEntity],
  ports: { api: 3200, worker: 3201 },
  consumes: [
    // Its replica of customers, and the answers to the customers it asks to create.
    { topic: Topics.customerEvents, catalogue: customersCatalogue },
    // Only the dispatch of shipments: an order that left the warehouse can no longer be cancelled.
    { topic: Topics.shippingEvents, catalogue: new EventCatalogue([ShipmentDispatched]) },
    // Only how the charge of a placed order ended: paid or payment-failed.
    {
      topic: Topics.paymentEvents,
      catalogue: new EventCatalogue([OrderCharged, OrderChargeFailed]),
    },
  ],
  // CreateCustomer, for an order placed with a new customer.
  sends: [{ topic: Topics.customerCommands, catalogue: customersCatalogue }],
});
