import { CustomerEntity, customersMigrations } from '@app/customers';
import { CustomerFields, customerFieldsSchema } from '@app/events';
import { createDataSource } from '@app/persistence';
import { ZodValidationPipe } from '@app/requests';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * The request-response baseline of the latency benchmark: `POST /customers` validates the body
 * as the customers API does and inserts the row in PostgreSQL before answering 201, with no
 * Kafka, no worker and no outbox. Configured by DATABASE_URL, DATABASE_SCHEMA and HTTP_PORT.
 */
@Controller('customers')
class SyncCreateController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body(new ZodValidationPipe(customerFieldsSchema)) body: CustomerFields,
  ): Promise<CustomerEntity> {
    const customers = this.dataSource.getRepository(CustomerEntity);
    const now = new Date();
    const customer = customers.create({
      customerId: randomUUID(),
      ...body,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await customers.insert(customer);
    return customer;
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const dataSource = await createDataSource({
    url: env.DATABASE_URL ?? 'postgresql://app:app@127.0.0.1:5433/app',
    schema: env.DATABASE_SCHEMA ?? 'customers',
    migrations: customersMigrations,
    entities: [CustomerEntity],
    poolSize: 10,
    applicationName: 'bench-sync-api',
  }).initialize();

  @Module({
    controllers: [SyncCreateController],
    providers: [{ provide: DataSource, useValue: dataSource }],
  })
  class SyncApiModule {}

  const app = await NestFactory.create(SyncApiModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(Number(env.HTTP_PORT ?? 3190), '127.0.0.1');
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`sync-api failed to start: ${String(error)}\n`);
  process.exit(1);
});
