import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ObservabilityDefaults } from '../observability.constants';
import { MetricsService } from './metrics.service';

/** The families only a worker fills. */
const WORKER_FAMILIES = [
  'events_handled_total',
  'batch_duration_seconds',
  'event_end_to_end_latency_seconds',
  'consumer_lag',
  'dead_letter_events_total',
  'dead_letter_events_by_fingerprint_total',
  'outbox_backlog',
  'outbox_unpublishable_total',
  'outbox_oldest_age_seconds',
  'worker_ready',
];

describe(MetricsService, () => {
  let metrics: MetricsService;

  beforeEach(() => {
    metrics = new MetricsService();
  });

  describe('metrics', () => {
    it('renders every metric of the contract with its labels when values were recorded', async () => {
      metrics.recordEvent('customer-commands', 'customers.create-customer', 'applied');
      metrics.recordEvent('customer-commands', 'customers.create-customer', 'applied');
      metrics.recordEvent('customer-commands', 'customers.delete-customer', 'dead_lettered');
      metrics.recordEmitted('customer-events', 'customers.customer-created');
      metrics.initDeadLetters(['customer-commands', 'customer-facts']);
      metrics.observeBatch('customer-commands', 0.042);
      metrics.observeEndToEnd('customer-commands', 'customers.create-customer', 1.5);
      metrics.setConsumerLag('customer-commands', 3, 17);
      metrics.recordDeadLetter('customer-commands', '0123456789ab');
      metrics.recordUnpublishable('customer-events', 'MESSAGE_TOO_LARGE');
      metrics.setOutboxOldestAge(75.5);
      metrics.observeHttpRequest('GET', '/customers/:id', 200, 0.003);
      metrics.registerWorkerMetrics(async () => 5);

      const text = await metrics.metrics();

      expect(text).toContain(
        'events_handled_total{topic="customer-commands",type="customers.create-customer",outcome="applied"} 2',
      );
      expect(text).toContain(
        'events_handled_total{topic="customer-commands",type="customers.delete-customer",outcome="dead_lettered"} 1',
      );
      expect(text).toContain(
        'events_emitted_total{topic="customer-events",type="customers.customer-created"} 1',
      );
      expect(text).toContain(
        'batch_duration_seconds_bucket{le="0.05",topic="customer-commands"} 1',
      );
      expect(text).toContain('batch_duration_seconds_count{topic="customer-commands"} 1');
      expect(text).toContain(
        'event_end_to_end_latency_seconds_bucket{le="2.5",topic="customer-commands",type="customers.create-customer"} 1',
      );
      expect(text).toContain('consumer_lag{topic="customer-commands",partition="3"} 17');
      expect(text).toContain('dead_letter_events_total{topic="customer-commands"} 1');
      expect(text).toContain('dead_letter_events_total{topic="customer-facts"} 0');
      expect(text).toContain(
        'dead_letter_events_by_fingerprint_total{topic="customer-commands",fingerprint="0123456789ab"} 1',
      );
      expect(text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/customers/:id",status="200"} 1',
      );
      expect(text).toMatch(/^outbox_backlog 5$/m);
      expect(text).toContain(
        'outbox_unpublishable_total{topic="customer-events",reason="MESSAGE_TOO_LARGE"} 1',
      );
      expect(text).toMatch(/^outbox_oldest_age_seconds 75.5$/m);
      expect(text).toContain('process_cpu_user_seconds_total');
    });

    it('keeps each app’s metrics apart when two services exist in one process', async () => {
      const other = new MetricsService();
      other.registerWorkerMetrics(async () => 0);
      metrics.registerWorkerMetrics(async () => 0);
      metrics.recordDeadLetter('a', 'f');
      expect(await other.metrics()).not.toContain('dead_letter_events_total{topic="a"}');
    });
  });

  describe('contentType', () => {
    it('is the Prometheus text format', () => {
      expect(metrics.contentType).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    });
  });

  describe('recordDeadLetter', () => {
    beforeEach(() => metrics.registerWorkerMetrics(async () => 0));

    it('labels the first fingerprints by name and any past the bound as other, on every topic', async () => {
      const bound = ObservabilityDefaults.maxDeadLetterFingerprints;
      for (let i = 0; i < bound; i++) metrics.recordDeadLetter('t', `fp-${i}`);
      metrics.recordDeadLetter('t', 'fp-0');
      metrics.recordDeadLetter('u', `fp-${bound - 1}`);
      metrics.recordDeadLetter('t', 'novel-1');
      metrics.recordDeadLetter('u', 'novel-2');

      const text = await metrics.metrics();
      const series = text.match(/^dead_letter_events_by_fingerprint_total\{.*$/gm) ?? [];
      expect(series).toHaveLength(bound + 3);
      expect(text).toContain(
        'dead_letter_events_by_fingerprint_total{topic="t",fingerprint="fp-0"} 2',
      );
      expect(text).toContain(
        `dead_letter_events_by_fingerprint_total{topic="u",fingerprint="fp-${bound - 1}"} 1`,
      );
      expect(text).toContain(
        'dead_letter_events_by_fingerprint_total{topic="t",fingerprint="other"} 1',
      );
      expect(text).toContain(
        'dead_letter_events_by_fingerprint_total{topic="u",fingerprint="other"} 1',
      );
      expect(text).not.toContain('novel');
      expect(text).toContain(`dead_letter_events_total{topic="t"} ${bound + 2}`);
    });
  });

  describe('observeEndToEnd', () => {
    beforeEach(() => metrics.registerWorkerMetrics(async () => 0));

    it('counts a negative latency (clock skew) as zero', async () => {
      metrics.observeEndToEnd('t', 'x', -2);
      expect(await metrics.metrics()).toContain(
        'event_end_to_end_latency_seconds_bucket{le="0.005",topic="t",type="x"} 1',
      );
    });
  });

  describe('setConsumerLag', () => {
    beforeEach(() => metrics.registerWorkerMetrics(async () => 0));

    it('replaces the partition’s previous lag', async () => {
      metrics.setConsumerLag('t', 0, 100);
      metrics.setConsumerLag('t', 0, 4);
      expect(await metrics.metrics()).toMatch(/^consumer_lag\{topic="t",partition="0"\} 4$/m);
    });
  });

  describe('clearConsumerLag', () => {
    beforeEach(() => metrics.registerWorkerMetrics(async () => 0));

    it('removes the partition’s series', async () => {
      metrics.setConsumerLag('t', 0, 100);
      metrics.clearConsumerLag('t', 0);
      expect(await metrics.metrics()).not.toContain('consumer_lag{topic="t"');
    });
  });

  describe('registerWorkerMetrics', () => {
    beforeEach(() => Logger.overrideLogger(false));
    afterEach(() => Logger.overrideLogger(true));

    it('reads the source at every scrape', async () => {
      let backlog = 3;
      metrics.registerWorkerMetrics(async () => backlog);
      expect(await metrics.metrics()).toMatch(/^outbox_backlog 3$/m);
      backlog = 0;
      expect(await metrics.metrics()).toMatch(/^outbox_backlog 0$/m);
    });

    it('reads readiness at every scrape as worker_ready 1 or 0', async () => {
      let ready = true;
      metrics.registerWorkerMetrics(
        async () => 0,
        () => ready,
      );
      expect(await metrics.metrics()).toMatch(/^worker_ready 1$/m);
      ready = false;
      expect(await metrics.metrics()).toMatch(/^worker_ready 0$/m);
    });

    it('leaves the metric out, and the scrape whole, when the source throws', async () => {
      metrics.registerWorkerMetrics(async () => 7);
      await metrics.metrics();
      metrics.registerWorkerMetrics(async () => {
        throw new Error('database unreachable');
      });
      const text = await metrics.metrics();
      expect(text).toContain('# TYPE outbox_backlog gauge');
      expect(text).not.toMatch(/^outbox_backlog /m);
      expect(text).toContain('# TYPE events_handled_total counter');
    });

    it('exposes none of the worker’s families in an app that never calls it (an API)', async () => {
      const text = await metrics.metrics();
      for (const family of WORKER_FAMILIES) expect(text).not.toContain(`# TYPE ${family} `);
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    });

    it('exposes every worker family once, however often it is called', async () => {
      metrics.registerWorkerMetrics(async () => 1);
      metrics.registerWorkerMetrics(async () => 1);
      const text = await metrics.metrics();
      for (const family of WORKER_FAMILIES)
        expect(
          text.split('\n').filter((line) => line.startsWith(`# TYPE ${family} `)),
        ).toHaveLength(1);
    });

    it('leaves the metric out when the source outlives its time limit', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
      try {
        metrics.registerWorkerMetrics(() => new Promise<number>(() => undefined));
        const scrape = metrics.metrics();
        await jest.advanceTimersByTimeAsync(1_000);
        expect(await scrape).not.toMatch(/^outbox_backlog /m);
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
