import { Global, Module } from '@nestjs/common';
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

/**
 * Provides metrics (`MetricsService`, `GET /metrics`, HTTP request timing) and the JSON logger
 * to the whole app; install the logger with `app.useLogger(app.get(JsonLogger))`.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    MetricsService,
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
export class ObservabilityModule extends ObservabilityConfigurableModule {}
