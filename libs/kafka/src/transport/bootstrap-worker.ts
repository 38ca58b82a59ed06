import { DynamicModule, INestApplication, LogLevel, Type } from '@nestjs/common';
import { JsonLogger, plainWhenPipedConsoleLogger } from '@app/observability';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { KafkaWorkerTransport } from './kafka-worker.transport';

/** Where the worker's own HTTP server (health, metrics) listens. */
export interface WorkerBootstrapOptions {
  /** @default 0 (any free port) */
  readonly httpPort?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Levels Nest's console logger writes until JsonLogger takes over (for good in an app without
   * ObservabilityModule). @default every level
   */
  readonly logLevels?: LogLevel[];
}

/**
 * Starts a worker app: an HTTP server for health and metrics with the Kafka worker transport
 * attached, shutdown hooks on (SIGTERM stops fetching, finishes the batch, commits, leaves).
 */
export async function bootstrapWorker(
  rootModule: Type<unknown> | DynamicModule,
  options: WorkerBootstrapOptions = {},
): Promise<INestApplication> {
  // abortOnError false: a failed start rejects (the caller reports it) instead of exiting the process.
  const app = await NestFactory.create(rootModule, {
    bufferLogs: true,
    abortOnError: false,
    logger: plainWhenPipedConsoleLogger(options.logLevels),
  });
  useJsonLogger(app);
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get(KafkaWorkerTransport) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(options.httpPort ?? 0, options.host ?? '127.0.0.1');
  return app;
}

/** Routes the app's logs through JsonLogger when ObservabilityModule provides it. */
function useJsonLogger(app: INestApplication): void {
  const logger = findJsonLogger(app);
  if (logger) app.useLogger(logger);
  app.flushLogs();
}

/**
 * Looks JsonLogger up through the root ModuleRef: the app itself is wrapped by Nest so that a
 * failed lookup would be logged as an `ExceptionHandler` error before it reaches a `catch`.
 */
function findJsonLogger(app: INestApplication): JsonLogger | undefined {
  try {
    return app.get(ModuleRef).get(JsonLogger, { strict: false });
  } catch {
    return undefined; // the app does not import ObservabilityModule: Nest's console logger stays
  }
}
