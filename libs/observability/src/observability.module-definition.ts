import { ConfigurableModuleBuilder, LogLevel } from '@nestjs/common';

/** Settings of `ObservabilityModule.forRoot`. */
export interface ObservabilityModuleOptions {
  /** The service name every log line carries, such as `customers-api`. */
  readonly service: string;
  /** Lowest level `JsonLogger` writes. @default 'log' */
  readonly logLevel?: LogLevel;
  /**
   * The OTLP/HTTP endpoint the app's spans are exported to (`OTEL_EXPORTER_OTLP_ENDPOINT`).
   * @default none: trace context is still carried, spans are not exported
   */
  readonly otlpEndpoint?: string;
}

/** The generated base class of `ObservabilityModule`, its options token and option types. */
export const {
  ConfigurableModuleClass: ObservabilityConfigurableModule,
  MODULE_OPTIONS_TOKEN: OBSERVABILITY_OPTIONS,
  OPTIONS_TYPE: OBSERVABILITY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: OBSERVABILITY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ObservabilityModuleOptions>()
  .setClassMethodName('forRoot')
  .build();
