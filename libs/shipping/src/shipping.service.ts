import {
  customersCatalogue,
  EventCatalogue,
  OrderCancelled,
  OrderPaid,
  shippingCatalogue,
  Topics,
} from '@app/events';
import { defineService } from '@app/service';
import { ShipmentEntity } from './shipment.entity';
import { SHIPPING_SCHEMA, shippingMigrations } from './shipping.constants';

/**
 * The shipping service as its API, worker, migration job and tests see it. Its worker reads the
 * facts of customers (a replica of names and addresses) and of orders (paid and cancelled).
 */
export const shippingService = defineService({
  name: 'shipping',
  catalogue: shippingCatalogue,
  topics: { commands: Topics.shippingCommands, events: Topics.shippingEvents },
  schema: SHIPPING_SCHEMA,
  migrations: shippingMigrations,
  entities: [ShipmentEntity],
  ports: { api: 3300, worker: 3301 },
  consumes: [
    { topic: Topics.customerEvents, catalogue: customersCatalogue },
    { topic: Topics.orderEvents, catalogue: new EventCatalogue([OrderPaid, OrderCancelled]) },
  ],
});
