import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthConfigurableModule } from './health.module-definition';
import { ShutdownState } from './shutdown-state.service';

/**
 * Serves `/health/live` and `/health/ready` (database ping plus the app's indicators) and
 * provides `ShutdownState`; register once per app with `HealthModule.forRoot({ ... })`.
 */
@Module({
  // terminus logs every failed probe at `error`; ReadinessLog says what changed instead.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ShutdownState],
  exports: [ShutdownState],
})
export class HealthModule extends HealthConfigurableModule {}
