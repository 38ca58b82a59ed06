import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsService } from './metrics.service';

const INSTALL_HINT =
  'promtool is missing: run `apt-get install -y prometheus` (Debian) to install it.';

/** Runs `promtool check metrics` with the file on stdin; fails (never skips) when promtool is missing. */
function promtoolCheckMetrics(file: string): { status: number | null; output: string } {
  const input = openSync(file, 'r');
  try {
    const result = spawnSync('promtool', ['check', 'metrics'], {
      stdio: [input, 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (result.error) {
      const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(missing ? INSTALL_HINT : `promtool failed to start: ${result.error.message}`);
    }
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    closeSync(input);
  }
}

describe(MetricsService, () => {
  describe('metrics', () => {
    let directory: string;

    beforeAll(() => {
      directory = mkdtempSync(join(tmpdir(), 'metrics-'));
    });

    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it('passes `promtool check metrics` with zero problems when every metric has values', async () => {
      const metrics = new MetricsService();
      for (const outcome of [
        'applied',
        'duplicate',
        'skipped',
        'unhandled',
        'dead_lettered',
        'rejected',
      ] as const) {
        metrics.recordEvent('customer-commands', 'customers.create-customer', outcome);
      }
      metrics.recordEmitted('customer-events', 'customers.customer-created');
      metrics.observeBatch('customer-commands', 0.012);
      metrics.observeEndToEnd('customer-commands', 'customers.create-customer', 0.8);
      metrics.setConsumerLag('customer-commands', 0, 12);
      metrics.setConsumerLag('customer-commands', 1, 0);
      metrics.recordDeadLetter('customer-commands', '0123456789ab');
      metrics.observeHttpRequest('POST', '/customers', 202, 0.004);
      metrics.observeHttpRequest('GET', '/customers/:id', 404, 0.002);
      metrics.registerWorkerMetrics(async () => 3);
      const text = await metrics.metrics();
      for (const name of [
        'events_handled_total',
        'events_emitted_total',
        'batch_duration_seconds_bucket',
        'event_end_to_end_latency_seconds_bucket',
        'consumer_lag',
        'dead_letter_events_total',
        'dead_letter_events_by_fingerprint_total',
        'outbox_backlog',
        'http_request_duration_seconds_bucket',
      ]) {
        expect(text).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
      }
      const file = join(directory, 'metrics.prom');
      writeFileSync(file, text);

      const { status, output } = promtoolCheckMetrics(file);

      expect(output).toBe('');
      expect(status).toBe(0);
    });
  });
});
