import { MetricsService } from './metrics.service';
import { registerViewGauge } from './view-gauge';

describe(registerViewGauge.name, () => {
  it('renders the values read at scrape time, and only the latest ones', async () => {
    const metrics = new MetricsService();
    let values = [
      { labels: { currency: 'EUR' }, value: 1250 },
      { labels: { currency: 'USD' }, value: 7 },
    ];
    registerViewGauge(metrics, {
      name: 'money_in_flight',
      help: 'Money in flight.',
      labelNames: ['currency'],
      read: () => Promise.resolve(values),
    });
    expect(await metrics.metrics()).toContain('money_in_flight{currency="EUR"} 1250');
    values = [{ labels: { currency: 'USD' }, value: 0 }];
    const text = await metrics.metrics();
    expect(text).toContain('money_in_flight{currency="USD"} 0');
    expect(text).not.toContain('currency="EUR"');
  });

  it('leaves the gauge out of a scrape whose read fails, and keeps the rest of the scrape', async () => {
    const metrics = new MetricsService();
    registerViewGauge(metrics, {
      name: 'oldest_waiting_age_seconds',
      help: 'Age of the oldest.',
      labelNames: ['status'],
      read: () => Promise.reject(new Error('database down')),
    });
    const text = await metrics.metrics();
    expect(text).not.toMatch(/^oldest_waiting_age_seconds\{/m);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
