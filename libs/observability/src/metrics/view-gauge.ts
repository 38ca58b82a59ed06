import { Gauge } from 'prom-client';
import { ObservabilityDefaults } from '../observability.constants';
import { MetricsService } from './metrics.service';

/** One value of a view gauge, with its labels. */
export interface ViewGaugeValue<L extends string> {
  readonly labels: Readonly<Record<L, string>>;
  readonly value: number;
}

/** A gauge read from the service's view at scrape time. */
export interface ViewGaugeOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** Reads the values; a failure or a read past the time limit leaves the gauge out of the scrape. */
  readonly read: () => Promise<readonly ViewGaugeValue<L>[]>;
}

/**
 * Registers a gauge whose values come from the view (a query) each time it is scraped, such as
 * the money in flight or the age of the oldest order waiting for its payment. Every replica of a
 * worker reads the same view: aggregate with `max`, never `sum`. When the database does not answer
 * within a second the gauge is left out of that scrape (an absent series, not a wrong value).
 */
export function registerViewGauge<L extends string>(
  metrics: MetricsService,
  options: ViewGaugeOptions<L>,
): Gauge<L> {
  const gauge: Gauge<L> = new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: [metrics.registry],
    collect: async () => {
      gauge.reset();
      const values = await readWithin(options.read);
      for (const { labels, value } of values ?? []) {
        if (Number.isFinite(value)) gauge.set(labels as Partial<Record<L, string>>, value);
      }
    },
  });
  return gauge;
}

async function readWithin<T>(read: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ObservabilityDefaults.outboxBacklogTimeoutMs);
  });
  try {
    return await Promise.race([read(), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
