import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Metric, Registry } from 'prom-client';
import { ObservabilityDefaults } from '../observability.constants';
import { BoundedLabels, OTHER_LABEL } from './bounded-labels';
import { EventOutcome } from './event-outcome';

/** Returns the number of outbox records not yet published. */
export type OutboxBacklogSource = () => Promise<number>;

/**
 * prom-client's default gauges whose names end in `_total`, which `promtool check metrics`
 * rejects for non-counters; their per-type siblings (`nodejs_active_handles{type}` ...) stay.
 */
const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Owns the app's Prometheus metrics on a registry of its own (never prom-client's global one):
 * process metrics and HTTP timings in every app; the worker's families (events handled, batch
 * duration, end-to-end latency, consumer lag, dead letters by topic and by fingerprint, outbox backlog, unpublishable
 * outbox events, age of the oldest outbox event) only once
 * `registerWorkerMetrics` was called, so that an API exposes no family it never fills.
 */
@Injectable()
export class MetricsService {
  /** The app's registry; register app-specific metrics here. */
  readonly registry = new Registry();

  private readonly logger = new Logger(MetricsService.name);
  private outboxBacklogSource?: OutboxBacklogSource;
  private readinessSource?: () => boolean;
  private workerMetricsRegistered = false;

  private readonly eventsHandled = new Counter({
    name: 'events_handled_total',
    help: 'Events handled by the worker, by topic, event type and outcome.',
    labelNames: ['topic', 'type', 'outcome'] as const,
    registers: [],
  });

  private readonly eventsEmitted = new Counter({
    name: 'events_emitted_total',
    help: 'Events the handlers emitted in committed batches (the facts of the business: orders placed, payments completed, ...), by topic and type.',
    labelNames: ['topic', 'type'] as const,
    registers: [],
  });

  private readonly batchDuration = new Histogram({
    name: 'batch_duration_seconds',
    help: 'Time to process one partition batch, from fetch to commit.',
    labelNames: ['topic'] as const,
    buckets: [...ObservabilityDefaults.batchDurationBuckets],
    registers: [],
  });

  private readonly endToEndLatency = new Histogram({
    name: 'event_end_to_end_latency_seconds',
    help: "Time from an event's ce_time to the end of its handling.",
    labelNames: ['topic', 'type'] as const,
    buckets: [...ObservabilityDefaults.endToEndLatencyBuckets],
    registers: [],
  });

  private readonly consumerLag = new Gauge({
    name: 'consumer_lag',
    help: "Messages between the consumer group's position and the partition's high watermark.",
    labelNames: ['topic', 'partition'] as const,
    registers: [],
  });

  private readonly deadLetters = new Counter({
    name: 'dead_letter_events_total',
    help: 'Events sent to a dead-letter topic, by source topic.',
    labelNames: ['topic'] as const,
    registers: [],
  });

  private readonly deadLettersByFingerprint = new Counter({
    name: 'dead_letter_events_by_fingerprint_total',
    help: `Events sent to a dead-letter topic, by source topic and fingerprint (the kind of failure npm run dlq -- stats shows); past ${ObservabilityDefaults.maxDeadLetterFingerprints} fingerprints per process, under "${OTHER_LABEL}".`,
    labelNames: ['topic', 'fingerprint'] as const,
    registers: [],
  });

  /** The fingerprints `deadLettersByFingerprint` labels, at most `maxDeadLetterFingerprints`. */
  private readonly fingerprintLabels = new BoundedLabels(
    ObservabilityDefaults.maxDeadLetterFingerprints,
  );

  private readonly unpublishable = new Counter({
    name: 'outbox_unpublishable_total',
    help: 'Outbox events the broker refused for good, set aside, by topic and broker error code.',
    labelNames: ['topic', 'reason'] as const,
    registers: [],
  });

  private readonly outboxOldestAge = new Gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox event not yet published; 0 when none waits.',
    registers: [],
  });

  private readonly workerReady: Gauge = new Gauge({
    name: 'worker_ready',
    help: 'Whether the worker can take work (1) or not (0), as its readiness probe would answer.',
    registers: [],
    collect: () => this.workerReady.set(this.readinessSource?.() ? 1 : 0),
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [...ObservabilityDefaults.httpDurationBuckets],
    registers: [this.registry],
  });

  private readonly outboxBacklog: Gauge = new Gauge({
    name: 'outbox_backlog',
    help: 'Outbox records not yet published; absent when the backlog cannot be read.',
    registers: [],
    collect: () => this.collectOutboxBacklog(),
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of MISNAMED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
  }

  /** The content type of `metrics()`'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts one handled event with its outcome. */
  recordEvent(topic: string, type: string, outcome: EventOutcome): void {
    this.eventsHandled.inc({ topic, type, outcome });
  }

  /** Counts one event a handler emitted, once its batch committed. */
  recordEmitted(topic: string, type: string): void {
    this.eventsEmitted.inc({ topic, type });
  }

  /** Records how long one partition batch took. */
  observeBatch(topic: string, seconds: number): void {
    if (Number.isFinite(seconds)) this.batchDuration.observe({ topic }, Math.max(0, seconds));
  }

  /** Records the time from an event's `ce_time` to now; clock skew below zero counts as zero. */
  observeEndToEnd(topic: string, type: string, seconds: number): void {
    if (Number.isFinite(seconds))
      this.endToEndLatency.observe({ topic, type }, Math.max(0, seconds));
  }

  /** Sets how many messages a partition's consumer is behind the high watermark. */
  setConsumerLag(topic: string, partition: number, lag: number): void {
    if (Number.isFinite(lag))
      this.consumerLag.set({ topic, partition: String(partition) }, Math.max(0, lag));
  }

  /** Forgets a partition's lag, for a partition this process no longer owns. */
  clearConsumerLag(topic: string, partition: number): void {
    this.consumerLag.remove({ topic, partition: String(partition) });
  }

  /** Counts one outbox event the broker refused for good, set aside. */
  recordUnpublishable(topic: string, reason: string): void {
    this.unpublishable.inc({ topic, reason });
  }

  /** Sets the age of the oldest outbox event not yet published. */
  setOutboxOldestAge(seconds: number): void {
    if (Number.isFinite(seconds)) this.outboxOldestAge.set(Math.max(0, seconds));
  }

  /**
   * Starts the dead-letter count of each topic the worker reads at 0, so that the series exists
   * before the first dead letter: `increase()` (and the alert on it) then sees that first one too.
   */
  initDeadLetters(topics: readonly string[]): void {
    for (const topic of topics) this.deadLetters.inc({ topic }, 0);
  }

  /**
   * Counts one event sent to the dead-letter topic of `topic`, also by its fingerprint: the first
   * `maxDeadLetterFingerprints` distinct ones by name, any other as `other`.
   */
  recordDeadLetter(topic: string, fingerprint: string): void {
    this.deadLetters.inc({ topic });
    this.deadLettersByFingerprint.inc({
      topic,
      fingerprint: this.fingerprintLabels.of(fingerprint),
    });
  }

  /** Records how long an HTTP request took, by its route pattern (never the raw URL). */
  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    if (Number.isFinite(seconds)) {
      this.httpDuration.observe({ method, route, status: String(status) }, Math.max(0, seconds));
    }
  }

  /**
   * Exposes the worker's metric families (a worker calls it once; again is harmless), with the
   * callbacks read at scrape time for `outbox_backlog` (its failure leaves that metric out) and
   * `worker_ready`.
   */
  registerWorkerMetrics(outboxBacklog: OutboxBacklogSource, ready?: () => boolean): void {
    this.outboxBacklogSource = outboxBacklog;
    this.readinessSource = ready;
    if (this.workerMetricsRegistered) return;
    for (const metric of this.workerMetrics()) this.registry.registerMetric(metric);
    this.workerMetricsRegistered = true;
  }

  /** Renders every metric in Prometheus text format. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  private workerMetrics(): Metric[] {
    return [
      this.eventsHandled,
      this.eventsEmitted,
      this.batchDuration,
      this.endToEndLatency,
      this.consumerLag,
      this.deadLetters,
      this.deadLettersByFingerprint,
      this.outboxBacklog,
      this.unpublishable,
      this.outboxOldestAge,
      this.workerReady,
    ];
  }

  /** Sets `outbox_backlog` from its source at scrape time, or leaves it out of the scrape. */
  private async collectOutboxBacklog(): Promise<void> {
    const backlog = await this.readOutboxBacklog();
    if (backlog === undefined) this.outboxBacklog.remove();
    else this.outboxBacklog.set(backlog);
  }

  /** Reads the backlog within its time limit; undefined when there is no source or it failed. */
  private async readOutboxBacklog(): Promise<number | undefined> {
    const source = this.outboxBacklogSource;
    if (!source) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`Timed out after ${ObservabilityDefaults.outboxBacklogTimeoutMs} ms`)),
        ObservabilityDefaults.outboxBacklogTimeoutMs,
      );
    });
    try {
      const backlog = await Promise.race([source(), timeout]);
      return Number.isFinite(backlog) ? backlog : undefined;
    } catch (error: unknown) {
      this.logger.warn(`outbox_backlog left out of this scrape: ${describe(error)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
