import { customersCatalogue, Topics } from '@app/events';
import { defineService } from '@app/service';
import { CustomerEntity } from './customer.entity';
import { CUSTOMERS_SCHEMA, customersMigrations } from './customers.constants';

/** The customers service as its API, worker, migration job and tests see it. */
export const customersService = defineService({
  name: 'customers',
  catalogue: customersCatalogue,
  topics: { commands: Topics.customerCommands, events: Topics.customerEvents },
  schema: CUSTOMERS_SCHEMA,
  migrations: customersMigrations,
  entities: [CustomerEntity],
  ports: { api: 3100, worker: 3101 },
});
