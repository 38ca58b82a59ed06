import { ObservabilityModule } from '@app/observability';
import { PersistenceModule } from '@app/persistence';
import { DynamicModule } from '@nestjs/common';
import { databaseTlsOf } from './connection-env';
import { ServiceDefinition } from './service-definition';
import { ApiEnv } from './service-env';

/**
 * Returns the modules every app of a service starts with: JSON logs, metrics and traces named
 * after the app, and the service's database on its own schema (migrated at start).
 */
export function foundationOf(
  service: ServiceDefinition,
  app: string,
  env: Pick<
    ApiEnv,
    | 'LOG_LEVEL'
    | 'OTEL_EXPORTER_OTLP_ENDPOINT'
    | 'DATABASE_URL'
    | 'DATABASE_SCHEMA'
    | 'DATABASE_SSL_MODE'
    | 'DATABASE_SSL_CA_FILE'
  >,
  poolSize?: number,
): DynamicModule[] {
  return [
    ObservabilityModule.forRoot({
      service: app,
      logLevel: env.LOG_LEVEL,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    }),
    PersistenceModule.forRoot({
      url: env.DATABASE_URL,
      tls: databaseTlsOf(env),
      schema: env.DATABASE_SCHEMA,
      migrations: service.migrations,
      entities: [...(service.entities ?? [])],
      poolSize,
      applicationName: app,
    }),
  ];
}
