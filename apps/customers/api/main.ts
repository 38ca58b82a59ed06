import { loadConfig } from '@app/config';
import { JsonLogger, plainWhenPipedConsoleLogger } from '@app/observability';
import { serveOpenApiDocument } from '@app/requests';
import { NestFactory } from '@nestjs/core';
import { customersApiConfigSchema } from './customers-api.config';
import { CustomersApiModule } from './customers-api.module';

async function main(): Promise<void> {
  const config = loadConfig(customersApiConfigSchema);
  const app = await NestFactory.create(CustomersApiModule.register(config), {
    bufferLogs: true,
    logger: plainWhenPipedConsoleLogger(), // only until JsonLogger takes over, or a failed start
  });
  app.useLogger(app.get(JsonLogger));
  app.enableShutdownHooks();
  // Swagger UI at /docs, the OpenAPI JSON document at /docs-json.
  serveOpenApiDocument(app, {
    title: 'Customers',
    description:
      'Writes are commands answered asynchronously (202) or, with Prefer: wait=N, with their outcome.',
  });
  await app.listen(config.HTTP_PORT, '0.0.0.0');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `customers-api failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
