import { EventCatalogue, EventDefinition } from '@app/events';
import { HealthModule } from '@app/health';
import { KafkaWorkerModule, WorkerReadiness, WorkerSubscription } from '@app/kafka';
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { brokerSecurityOf } from './connection-env';
import { AppExtras, ServiceDefinition } from './service-definition';
import { topicReplicationOf, WorkerEnv } from './service-env';
import { foundationOf } from './service-foundation';

/** What a service's worker adds to the kit: its domain code and what it reads. */
export interface WorkerParts extends AppExtras {
  /**
   * Its consumer group id, from `ConsumerGroups`. Warning: renaming it re-reads every topic.
   */
  readonly groupId: string;
  /** One handler class per handled event. */
  readonly handlers: NonNullable<ModuleMetadata['controllers']>;
  /** The event that answers a rejected command on the service's input topic. */
  readonly rejectionEvent?: EventDefinition;
}

/**
 * The root module of a service's worker: logs and metrics, the service's database, the Kafka
 * worker transport on the service's input topic (its own requests) and on the other services'
 * topics its definition consumes (facts), health; then the worker's own handlers.
 */
@Module({})
export class ServiceWorkerModule {
  /** Builds the worker of `service` from its validated environment and its handlers. */
  static register(service: ServiceDefinition, env: WorkerEnv, parts: WorkerParts): DynamicModule {
    const app = `${service.name}-worker`;
    const prefix = env.KAFKA_TOPIC_PREFIX;
    const consumes = service.consumes ?? [];
    const others = [...consumes, ...(service.sends ?? [])];
    const catalogue = EventCatalogue.compose(
      service.catalogue,
      ...others.map((other) => other.catalogue.onTopics(other.topic)),
    ).withTopicPrefix(prefix);
    const commands = `${prefix}${service.topics.commands}`;
    const subscriptions: WorkerSubscription[] = [
      { topic: commands, rejectionEvent: parts.rejectionEvent },
      ...consumes.map((facts) => ({ topic: `${prefix}${facts.topic}`, kind: 'facts' as const })),
      ...(service.observes?.(prefix) ?? []).map((topic) => ({
        topic,
        kind: 'facts' as const,
        observe: true,
      })),
    ];
    return {
      module: ServiceWorkerModule,
      imports: [
        ...foundationOf(service, app, env, env.WORKER_CONCURRENCY + 4),
        KafkaWorkerModule.forRoot({
          client: { clientId: app, brokers: env.KAFKA_BROKERS },
          security: brokerSecurityOf(env),
          kafkaClient: env.KAFKA_CLIENT,
          librdkafka: {
            groupProtocol: env.KAFKA_GROUP_PROTOCOL,
            consumer: {
              ...(env.KAFKA_FETCH_MIN_BYTES && { 'fetch.min.bytes': env.KAFKA_FETCH_MIN_BYTES }),
              ...(env.KAFKA_FETCH_MAX_WAIT_MS && {
                'fetch.wait.max.ms': env.KAFKA_FETCH_MAX_WAIT_MS,
              }),
            },
          },
          groupId: `${prefix}${parts.groupId}`,
          source: app,
          catalogue,
          subscriptions,
          provision: [
            { topic: commands, partitions: env.KAFKA_PARTITIONS },
            { topic: `${prefix}${service.topics.events}`, partitions: env.KAFKA_PARTITIONS },
          ],
          replication: topicReplicationOf(env),
          partitionsConsumedConcurrently: env.WORKER_CONCURRENCY,
          maxBatchSize: env.WORKER_MAX_BATCH_SIZE,
          shutdownBudgetMs: env.SHUTDOWN_BUDGET_MS,
          consumer: {
            sessionTimeout: env.KAFKA_SESSION_TIMEOUT_MS,
            heartbeatInterval: env.KAFKA_HEARTBEAT_INTERVAL_MS,
            ...(env.KAFKA_FETCH_MIN_BYTES && { minBytes: env.KAFKA_FETCH_MIN_BYTES }),
            ...(env.KAFKA_FETCH_MAX_WAIT_MS && { maxWaitTimeInMs: env.KAFKA_FETCH_MAX_WAIT_MS }),
          },
        }),
        HealthModule.forRoot({
          providers: [WorkerReadiness],
          readinessIndicators: [WorkerReadiness],
        }),
        ...(parts.imports ?? []),
      ],
      controllers: [...parts.handlers],
      providers: [...(parts.providers ?? [])],
    };
  }
}
