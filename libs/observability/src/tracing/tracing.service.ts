import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  OBSERVABILITY_OPTIONS,
  ObservabilityModuleOptions,
} from '../observability.module-definition';
import { startTracing } from './tracer';

/** Starts the app's tracing when the app starts, and exports what is left when it shuts down. */
@Injectable()
export class TracingService implements OnModuleInit, OnApplicationShutdown {
  private stop?: () => Promise<void>;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityModuleOptions,
  ) {}

  onModuleInit(): void {
    this.stop = startTracing({
      service: this.options.service,
      otlpEndpoint: this.options.otlpEndpoint,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop?.();
  }
}
