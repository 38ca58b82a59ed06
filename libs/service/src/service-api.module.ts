import { AuthModule, authOptionsOf } from '@app/auth';
import { HealthController, HealthModule } from '@app/health';
import { MetricsController } from '@app/observability';
import { ProducerReadiness, RequestsModule } from '@app/requests';
import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { brokerSecurityOf, databaseTlsOf } from './connection-env';
import { AppExtras, ServiceDefinition } from './service-definition';
import { ApiEnv, topicReplicationOf } from './service-env';
import { foundationOf } from './service-foundation';

/** What a service's API adds to the kit: its domain code. */
export interface ApiParts extends AppExtras {
  /** One controller per use case. */
  readonly controllers: NonNullable<ModuleMetadata['controllers']>;
  /** HTTP status per rejection code of its worker; unlisted codes answer 422. */
  readonly rejectionStatuses?: Readonly<Record<string, number>>;
  /** What the OpenAPI document (`/docs`) says of the API. @default the service's name */
  readonly openApi?: { readonly title?: string; readonly description?: string };
}

/**
 * The root module of a service's API: logs and metrics, the service's database (repositories of
 * its entities), commands published on its input topic with their outcomes
 * (`GET /requests/:trackingId`, `Prefer: wait`), bearer-token authentication and a rate limit
 * per caller on every route but health and metrics, health; then the API's own controllers.
 */
@Module({})
export class ServiceApiModule {
  /** Builds the API of `service` from its validated environment and its controllers. */
  static register(service: ServiceDefinition, env: ApiEnv, parts: ApiParts): DynamicModule {
    const app = `${service.name}-api`;
    const catalogue = service.catalogue.withTopicPrefix(env.KAFKA_TOPIC_PREFIX);
    return {
      module: ServiceApiModule,
      imports: [
        ...foundationOf(service, app, env),
        TypeOrmModule.forFeature([...(service.entities ?? [])]),
        RequestsModule.forRoot({
          catalogue,
          kafka: { clientId: app, brokers: env.KAFKA_BROKERS, security: brokerSecurityOf(env) },
          kafkaClient: env.KAFKA_CLIENT,
          databaseUrl: env.DATABASE_URL,
          databaseTls: databaseTlsOf(env),
          source: app,
          maxWaitSeconds: env.PREFER_WAIT_MAX_SECONDS,
          maxConcurrentWaits: env.PREFER_WAIT_MAX_CONCURRENT,
          rejectionStatuses: parts.rejectionStatuses,
          provision: [
            {
              topic: `${env.KAFKA_TOPIC_PREFIX}${service.topics.commands}`,
              partitions: env.KAFKA_PARTITIONS,
              replication: topicReplicationOf(env),
            },
          ],
        }),
        AuthModule.forRoot({
          auth: authOptionsOf(env),
          realm: app,
          openControllers: [HealthController, MetricsController],
          requestsPerMinute: env.RATE_LIMIT_PER_MINUTE,
        }),
        HealthModule.forRoot({
          drainMs: env.SHUTDOWN_DRAIN_MS,
          providers: [ProducerReadiness],
          readinessIndicators: [ProducerReadiness],
        }),
        ...(parts.imports ?? []),
      ],
      controllers: [...parts.controllers],
      providers: [...(parts.providers ?? [])],
    };
  }
}
