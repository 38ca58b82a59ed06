import { LoggerService } from '@nestjs/common';

/**
 * Logs readiness once per change, not once per probe: not ready while starting is expected
 * (`log`, once), losing readiness after having had it is a warning (once per episode), and
 * becoming ready is said once. It stands in for terminus's own failure log, which writes `error`
 * on every failed probe, start-up included.
 */
export class ReadinessLog {
  private state: 'starting' | 'ready' | 'not-ready' = 'starting';
  private startingReported = false;

  constructor(private readonly logger: LoggerService) {}

  /** Records a probe that found every indicator up. */
  up(): void {
    if (this.state === 'starting') this.logger.log('Ready');
    else if (this.state === 'not-ready') this.logger.log('Ready again');
    this.state = 'ready';
  }

  /** Records a probe that found indicators down (terminus's `error` map: name to details). */
  down(down: Record<string, unknown>): void {
    const what = Object.entries(down)
      .map(([name, details]) => `${name} ${JSON.stringify(details)}`)
      .join(', ');
    if (this.state === 'ready') {
      this.logger.warn(`Not ready: ${what}`);
      this.state = 'not-ready';
    } else if (this.state === 'starting' && !this.startingReported) {
      this.logger.log(`Not ready yet (starting): ${what}`);
      this.startingReported = true;
    }
  }
}
