export * from './observability.constants';
export * from './observability.module';
export type { ObservabilityModuleOptions } from './observability.module-definition';
export * from './metrics/event-outcome';
export * from './metrics/metrics.service';
export * from './metrics/metrics.controller';
export * from './metrics/http-metrics.interceptor';
export * from './logging/log-context';
export * from './logging/json-logger.service';
export * from './logging/console-logger';
export * from './tracing/trace-headers';
export * from './tracing/traced-span';
/** How a span relates to its caller, re-exported so that the libs need no import of the API. */
export { SpanKind } from '@opentelemetry/api';
export * from './tracing/tracer';
export * from './tracing/trace-context.middleware';
export * from './metrics/view-gauge';
export * from './metrics/bounded-labels';
