import {
  EventCatalogue,
  OrderCancelled,
  OrderPlaced,
  paymentsCatalogue,
  Topics,
} from '@app/events';
import { defineService } from '@app/service';
import { AccountEntity } from './account.entity';
import { AccountEntryEntity } from './account-entry.entity';
import { OrderChargeEntity } from './order-charge.entity';
import { PaymentEntity } from './payment.entity';
import { PAYMENTS_SCHEMA, paymentsMigrations } from './payments.constants';

/** The payments service as its API, worker, migration job and tests see it. */
export const paymentsService = defineService({
  name: 'payments',
  catalogue: paymentsCatalogue,
  topics: { commands: Topics.paymentCommands, events: Topics.paymentEvents },
  schema: PAYMENTS_SCHEMA,
  migrations: paymentsMigrations,
  entities: [AccountEntity, PaymentEntity, AccountEntryEntity, OrderChargeEntity],
  ports: { api: 3500, worker: 3501 },
  // Placed orders to charge, cancelled ones to refund.
  consumes: [
    { topic: Topics.orderEvents, catalogue: new EventCatalogue([OrderPlaced, OrderCancelled]) },
  ],
});
