import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MetricsService } from '@app/observability';
import { OutboxRepository } from '@app/persistence';
import { DataSource } from 'typeorm';
import { EventFailureFilter } from './event-failure.filter';
import { KafkaWorkerOptions } from './kafka-worker.options';
import { KafkaWorkerTransport } from './kafka-worker.transport';

/**
 * Provides the worker transport, built from the options and the app's DataSource (from
 * `PersistenceModule`), and the filter that lets handler errors reach the pipeline intact.
 */
@Module({})
export class KafkaWorkerModule {
  /** Registers the worker for the whole app. */
  static forRoot(options: KafkaWorkerOptions): DynamicModule {
    return KafkaWorkerModule.forRootAsync({ useFactory: () => options });
  }

  /** Registers the worker with options built by a factory (from configuration, say). */
  static forRootAsync(params: {
    imports?: DynamicModule['imports'];
    inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
    useFactory: (...args: never[]) => KafkaWorkerOptions | Promise<KafkaWorkerOptions>;
  }): DynamicModule {
    const OPTIONS = Symbol('KAFKA_WORKER_OPTIONS');
    return {
      module: KafkaWorkerModule,
      global: true,
      imports: params.imports ?? [],
      providers: [
        { provide: OPTIONS, useFactory: params.useFactory, inject: params.inject ?? [] },
        {
          provide: KafkaWorkerTransport,
          useFactory: (
            options: KafkaWorkerOptions,
            dataSource: DataSource,
            metrics?: MetricsService,
          ) => {
            const transport = new KafkaWorkerTransport(options, dataSource, undefined, metrics);
            metrics?.registerWorkerMetrics(
              () => new OutboxRepository(dataSource).count(),
              () => transport.health.isReady(),
            );
            metrics?.initDeadLetters(options.subscriptions.map((s) => s.topic));
            return transport;
          },
          inject: [OPTIONS, DataSource, { token: MetricsService, optional: true }],
        },
        { provide: APP_FILTER, useClass: EventFailureFilter },
      ],
      exports: [KafkaWorkerTransport],
    };
  }
}
