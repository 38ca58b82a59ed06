import {
  ConsumerGroups,
  CreateCustomer,
  CustomerCreated,
  CustomerRequestRejected,
  customersCatalogue,
} from '@app/events';
import { CustomerEntity, customersMigrations } from '@app/customers';
import { HealthModule } from '@app/health';
import { KafkaWorkerModule, WorkerReadiness } from '@app/kafka';
import { ObservabilityModule } from '@app/observability';
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
    const prefix = config.KAFKA_TOPIC_PREFIX;
    const catalogue = customersCatalogue.withTopicPrefix(prefix);
    const commands = catalogue.resolve(CreateCustomer).topic;
    const events = catalogue.resolve(CustomerCreated).topic;
    return {
      module: CustomersWorkerModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'customers-worker', logLevel: config.LOG_LEVEL }),
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
          groupId: `${prefix}${ConsumerGroups.customersWorker}`,
          source: 'customers-worker',
          catalogue,
          subscriptions: [{ topic: commands, rejectionEvent: CustomerRequestRejected }],
          provision: [
            { topic: commands, partitions: config.KAFKA_PARTITIONS },
            { topic: events, partitions: config.KAFKA_PARTITIONS },
          ],
          partitionsConsumedConcurrently: config.WORKER_CONCURRENCY,
          shutdownBudgetMs: config.SHUTDOWN_BUDGET_MS,
          consumer: {
            sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
            heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS,
          },
        }),
        HealthModule.forRoot({
          providers: [WorkerReadiness],
          readinessIndicators: [WorkerReadiness],
        }),
      ],
      controllers: [CreateCustomerHandler, UpdateCustomerHandler, DeleteCustomerHandler],
    };
  }
}
