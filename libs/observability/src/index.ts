export * from './observability.constants';
export * from './observability.module';
export type { ObservabilityModuleOptions } from './observability.module-definition';
export * from './metrics/event-outcome';
export * from './metrics/metrics.service';
export * from './metrics/metrics.controller';
export * from './metrics/http-metrics.interceptor';
export * from './logging/log-context';
export * from './logging/json-logger.service';
