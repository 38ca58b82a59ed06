import { BeforeApplicationShutdown, Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HEALTH_SETTINGS } from './health.constants';
import { HealthSettings } from './health.module-definition';

/**
 * Knows whether the app is shutting down, so that readiness turns false first; holds shutdown
 * for `drainMs` while load balancers and probes notice, before Nest closes the HTTP server.
 * Needs `app.enableShutdownHooks()` for SIGTERM to reach it.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy, BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(
    @Inject(HEALTH_SETTINGS) private readonly settings: Pick<HealthSettings, 'drainMs'>,
  ) {}

  /** Tells whether shutdown has begun. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Marks shutdown as begun at Nest's first shutdown hook (it runs before `beforeApplicationShutdown`). */
  onModuleDestroy(): void {
    this.shuttingDown = true;
  }

  /** Marks shutdown as begun, then waits `drainMs` while the HTTP server still answers 503 on readiness. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.settings.drainMs > 0) await sleep(this.settings.drainMs);
  }
}
