import { ConsumerGroups, CustomerRequestRejected, customersCatalogue, Topics } from '@app/events';
import { CustomerEntity, customersMigrations } from '@app/customers';
import { KafkaWorkerModule } from '@app/kafka';
import { PersistenceModule } from '@app/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { CreateCustomerHandler } from './create-customer/create-customer.handler';
import { CustomersWorkerConfig } from './customers-worker.config';
import { DeleteCustomerHandler } from './delete-customer/delete-customer.handler';
import { UpdateCustomerHandler } from './update-customer/update-customer.handler';

/** The customers worker: materializes customer commands into the customers view. */
@Module({})
export class CustomersWorkerModule {
  static register(config: CustomersWorkerConfig): DynamicModule {
    return {
      module: CustomersWorkerModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          migrations: customersMigrations,
          entities: [CustomerEntity],
          poolSize: config.WORKER_CONCURRENCY + 4,
          applicationName: 'customers-worker',
        }),
        KafkaWorkerModule.forRoot({
          client: { clientId: 'customers-worker', brokers: config.KAFKA_BROKERS },
          // Renaming the group re-reads the whole topic: the id comes from the catalogue.
          groupId: ConsumerGroups.customersWorker,
          source: 'customers-worker',
          catalogue: customersCatalogue,
          subscriptions: [{ topic: Topics.customerCommands, rejectionEvent: CustomerRequestRejected }],
          provision: [
            { topic: Topics.customerCommands, partitions: config.KAFKA_PARTITIONS },
            { topic: Topics.customerEvents, partitions: config.KAFKA_PARTITIONS },
          ],
          partitionsConsumedConcurrently: config.WORKER_CONCURRENCY,
          shutdownBudgetMs: config.SHUTDOWN_BUDGET_MS,
        }),
      ],
      controllers: [CreateCustomerHandler, UpdateCustomerHandler, DeleteCustomerHandler],
    };
  }
}
