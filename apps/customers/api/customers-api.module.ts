import { CustomerEntity, customersMigrations } from '@app/customers';
import { CreateCustomer, customersCatalogue } from '@app/events';
import { PersistenceModule } from '@app/persistence';
import { HealthModule } from '@app/health';
import { ObservabilityModule } from '@app/observability';
import { ProducerReadiness, RequestsModule } from '@app/requests';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateCustomerController } from './create-customer/create-customer.controller';
import { customerRejectionStatuses } from './customer-http';
import { CustomersApiConfig } from './customers-api.config';
import { DeleteCustomerController } from './delete-customer/delete-customer.controller';
import { GetCustomerController } from './get-customer/get-customer.controller';
import { ListCustomersController } from './list-customers/list-customers.controller';
import { UpdateCustomerController } from './update-customer/update-customer.controller';

/** The customers API: reads the customers view, turns writes into commands. */
@Module({})
export class CustomersApiModule {
  static register(config: CustomersApiConfig): DynamicModule {
    const catalogue = customersCatalogue.withTopicPrefix(config.KAFKA_TOPIC_PREFIX);
    return {
      module: CustomersApiModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'customers-api', logLevel: config.LOG_LEVEL }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          migrations: customersMigrations,
          entities: [CustomerEntity],
          applicationName: 'customers-api',
        }),
        TypeOrmModule.forFeature([CustomerEntity]),
        RequestsModule.forRoot({
          catalogue,
          kafka: { clientId: 'customers-api', brokers: config.KAFKA_BROKERS },
          databaseUrl: config.DATABASE_URL,
          source: 'customers-api',
          maxWaitSeconds: config.PREFER_WAIT_MAX_SECONDS,
          rejectionStatuses: customerRejectionStatuses,
          provision: [
            { topic: catalogue.resolve(CreateCustomer).topic, partitions: config.KAFKA_PARTITIONS },
          ],
        }),
        HealthModule.forRoot({
          drainMs: config.SHUTDOWN_DRAIN_MS,
          providers: [ProducerReadiness],
          readinessIndicators: [ProducerReadiness],
        }),
      ],
      controllers: [
        CreateCustomerController,
        UpdateCustomerController,
        DeleteCustomerController,
        GetCustomerController,
        ListCustomersController,
      ],
    };
  }
}
