import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { JsonLogger } from './logging/json-logger.service';
import { HttpMetricsInterceptor } from './metrics/http-metrics.interceptor';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import {
  OBSERVABILITY_OPTIONS,
  ObservabilityConfigurableModule,
  ObservabilityModuleOptions,
} from './observability.module-definition';
import { TraceContextMiddleware } from './tracing/trace-context.middleware';
import { TracingService } from './tracing/tracing.service';

/**
 * Provides metrics (`MetricsService`, `GET /metrics`, HTTP request timing), the JSON logger and
 * tracing (a span per HTTP request, continuing the caller's `traceparent`) to the whole app;
 * install the logger with `app.useLogger(app.get(JsonLogger))`.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    MetricsService,
    TracingService,
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
    {
      provide: JsonLogger,
      inject: [OBSERVABILITY_OPTIONS],
      useFactory: (options: ObservabilityModuleOptions) =>
        new JsonLogger({ service: options.service, minLevel: options.logLevel }),
    },
  ],
  exports: [MetricsService, JsonLogger],
})
export class ObservabilityModule extends ObservabilityConfigurableModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TraceContextMiddleware).forRoutes('{*path}');
  }
}
