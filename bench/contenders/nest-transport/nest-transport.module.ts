import { CustomerEntity } from '@app/customers';
import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Partitioners } from 'kafkajs';
import { ContenderConfig } from '../customer-job';
import { createCustomerController } from './create-customer.controller';
import { CLIENT_ID, OUTPUT_CLIENT } from './nest-transport.constants';

/** The contender's root module: TypeORM, the ClientKafka for the outputs, the controller. */
@Module({})
export class NestTransportModule {
  /** Builds the module from the contender's configuration. */
  static register(config: ContenderConfig): DynamicModule {
    return {
      module: NestTransportModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          entities: [CustomerEntity],
          poolSize: config.CONCURRENCY + 2,
          applicationName: 'bench-nest-transport',
          // Raw queries (request_outcomes) name tables unqualified.
          extra: { options: `-c search_path=${config.DATABASE_SCHEMA}` },
          synchronize: false,
          logging: false,
        }),
        // The docs publish from a Nest app through ClientKafka (ClientsModule + emit);
        // producerOnlyMode skips the reply consumer (and its group) that emit() never needs.
        ClientsModule.register([
          {
            name: OUTPUT_CLIENT,
            transport: Transport.KAFKA,
            options: {
              client: { clientId: CLIENT_ID, brokers: config.KAFKA_BROKERS },
              producerOnlyMode: true,
              producer: {
                idempotent: true,
                // kafkajs supports idempotence only with one request in flight.
                maxInFlightRequests: 1,
                // murmur2 on the key, as the Java client does.
                createPartitioner: Partitioners.DefaultPartitioner,
                allowAutoTopicCreation: false,
              },
              send: { acks: -1 },
            },
          },
        ]),
      ],
      controllers: [createCustomerController(config)],
    };
  }
}
