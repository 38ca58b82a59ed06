import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { HEALTH_SETTINGS, READINESS_INDICATORS, SHUTDOWN_INDICATOR } from './health.constants';
import { HealthSettings } from './health.module-definition';
import { ReadinessIndicator } from './readiness-indicator';
import { ReadinessLog } from './readiness-log';
import { ShutdownState } from './shutdown-state.service';
import { withTimeout } from './with-timeout';

/**
 * Serves Kubernetes probes: `GET /health/live` and `GET /health/ready`, in terminus's body shape.
 * Left out of the OpenAPI document, as `/metrics` is: probes are the orchestrator's, not clients'.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  private readonly readinessLog = new ReadinessLog(new Logger('Health'));

  constructor(
    private readonly healthCheck: HealthCheckService,
    private readonly indicatorResults: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_INDICATORS) private readonly indicators: readonly ReadinessIndicator[],
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  /** Answers 200 whenever the process can answer; checks no dependency, so an outage never restarts pods. */
  @Get('live')
  @HealthCheck()
  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  /**
   * Answers 200 when every readiness indicator is up, 503 when one is down or shutdown has begun.
   * @throws ServiceUnavailableException with terminus's body when not ready.
   */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    if (this.shutdown.isShuttingDown()) {
      // Not a check failure: answer at once, run nothing (connections are closing) and log nothing.
      const down = this.indicatorResults
        .check(SHUTDOWN_INDICATOR)
        .down({ message: 'Shutting down' });
      throw new ServiceUnavailableException({
        status: 'shutting_down',
        info: {},
        error: down,
        details: down,
      });
    }
    try {
      const result = await this.healthCheck.check(
        this.indicators.map((indicator) => () => this.run(indicator)),
      );
      this.readinessLog.up();
      return result;
    } catch (error: unknown) {
      if (error instanceof ServiceUnavailableException)
        this.readinessLog.down((error.getResponse() as HealthCheckResult).error ?? {});
      throw error;
    }
  }

  /** Runs one indicator within the check timeout; a rejection or a timeout counts as down. */
  private async run(indicator: ReadinessIndicator): Promise<HealthIndicatorResult> {
    const session = this.indicatorResults.check(indicator.name);
    try {
      const result = await withTimeout(
        indicator.check(),
        this.settings.checkTimeoutMs,
        indicator.name,
      );
      // terminus reserves `status` in details and throws on it.
      const { status: _reserved, ...details } = result.details ?? {};
      return result.up ? session.up(details) : session.down(details);
    } catch (error: unknown) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
