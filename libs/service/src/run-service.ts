import { loadConfig } from '@app/config';
import { asyncApiDocument } from '@app/events';
import { bootstrapWorker } from '@app/kafka';
import { JsonLogger, plainWhenPipedConsoleLogger } from '@app/observability';
import { serveOpenApiDocument } from '@app/requests';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiParts, ServiceApiModule } from './service-api.module';
import { ServiceDefinition } from './service-definition';
import { apiEnvSchema, workerEnvSchema } from './service-env';
import { ServiceWorkerModule, WorkerParts } from './service-worker.module';

/**
 * Starts a service's API from the environment: validated configuration, JSON logs, shutdown
 * hooks, the OpenAPI document (Swagger UI at `/docs`, JSON at `/docs-json`), the AsyncAPI
 * document of the service's topics (`/asyncapi.json`), listening on all interfaces. A failed
 * start writes why and exits 1.
 */
export function runApi(service: ServiceDefinition, parts: ApiParts): void {
  void exitOnFailure(`${service.name}-api`, async () => {
    const env = loadConfig(apiEnvSchema(service));
    const app = await NestFactory.create(ServiceApiModule.register(service, env, parts), {
      // A failed start rejects, so that it is reported as the worker's is, with why.
      abortOnError: false,
      bufferLogs: true,
      logger: plainWhenPipedConsoleLogger(), // only until JsonLogger takes over, or a failed start
    });
    app.useLogger(app.get(JsonLogger));
    app.enableShutdownHooks();
    serveOpenApiDocument(app, {
      title: parts.openApi?.title ?? titleOf(service.name),
      description:
        parts.openApi?.description ??
        'Writes are commands answered asynchronously (202) or, with Prefer: wait=N, with their outcome.',
    });
    const asyncApi = asyncApiDocument([service], {
      title: `${titleOf(service.name)} events`,
      version: '1',
      description: `What ${service.name} takes on its input topic and publishes on its output topic.`,
    });
    app
      .getHttpAdapter()
      .get('/asyncapi.json', (_request: unknown, response: JsonResponse) =>
        response.json(asyncApi),
      );
    await app.listen(env.HTTP_PORT, '0.0.0.0');
    return app;
  });
}

/** The part of an HTTP adapter's response the AsyncAPI route uses. */
interface JsonResponse {
  json(body: unknown): void;
}

/**
 * Starts a service's worker from the environment: validated configuration, the worker
 * transport, health and metrics on all interfaces (kubelet probes and the scrape reach the
 * pod's IP). A failed start writes why and exits 1.
 */
export function runWorker(service: ServiceDefinition, parts: WorkerParts): void {
  void exitOnFailure(`${service.name}-worker`, async () => {
    const env = loadConfig(workerEnvSchema(service));
    return bootstrapWorker(ServiceWorkerModule.register(service, env, parts), {
      httpPort: env.HTTP_PORT,
      host: '0.0.0.0',
    });
  });
}

async function exitOnFailure(app: string, start: () => Promise<INestApplication>): Promise<void> {
  try {
    await start();
  } catch (error) {
    process.stderr.write(
      `${app} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

function titleOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
