import { FLOWS_STUCK_AFTER_SECONDS, FlowSummary, FlowViewRepository } from '@app/flows';
import { MetricsService, registerViewGauge } from '@app/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { DataSource } from 'typeorm';

/** Buckets of a flow's duration, in seconds: from a fast local flow to one a person finishes. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * The flows' metrics: how long each flow type takes from its request to its terminal fact
 * (observed when a flow ends), and how many flows are stuck (read from the view at scrape time).
 */
@Injectable()
export class FlowMetrics {
  private readonly duration: Histogram<'flow' | 'state'>;

  constructor(
    metrics: MetricsService,
    dataSource: DataSource,
    @Inject(FLOWS_STUCK_AFTER_SECONDS) stuckAfterSeconds: number,
  ) {
    this.duration = new Histogram({
      name: 'flow_duration_seconds',
      help: 'How long flows took from their first event (the request accepted) to their terminal one, by flow type and terminal state.',
      labelNames: ['flow', 'state'],
      buckets: DURATION_BUCKETS,
      registers: [metrics.registry],
    });
    registerViewGauge(metrics, {
      name: 'flows_stuck',
      help: 'Flows with no event for longer than FLOWS_STUCK_AFTER_SECONDS and no terminal one, that no person acknowledged, by flow type.',
      labelNames: ['flow'],
      read: async () =>
        (await new FlowViewRepository(dataSource.manager).stuckCounts(stuckAfterSeconds)).map(
          ({ flow, count }) => ({ labels: { flow }, value: count }),
        ),
    });
  }

  /** Observes the duration of a flow that just reached its terminal state. */
  observeEnded(summary: FlowSummary): void {
    if (!summary.endedAt) return;
    const seconds = Math.max(0, summary.endedAt.getTime() - summary.startedAt.getTime()) / 1000;
    this.duration.observe({ flow: summary.flow, state: summary.state }, seconds);
  }
}
