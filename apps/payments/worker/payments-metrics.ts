import { MetricsService, registerViewGauge } from '@app/observability';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The money a person watches, read from the view at scrape time: what is in flight (debited, not
 * yet credited nor given back) per currency, and how long the oldest open payment has waited.
 */
@Injectable()
export class PaymentsMetrics {
  constructor(metrics: MetricsService, dataSource: DataSource) {
    registerViewGauge(metrics, {
      name: 'payments_in_flight_minor_units',
      help: 'Money debited and not yet credited nor given back, by currency (every replica reads the same view: use max).',
      labelNames: ['currency'],
      read: async () => {
        const rows: { currency: string; amount: string }[] = await dataSource.query(
          `SELECT a.currency, COALESCE(sum(p.amount), 0) AS amount
             FROM (SELECT DISTINCT currency FROM accounts) a
             LEFT JOIN payments p
               ON p.currency = a.currency AND p.status IN ('debited', 'reversing')
            GROUP BY a.currency`,
        );
        return rows.map((row) => ({
          labels: { currency: row.currency },
          value: Number(row.amount),
        }));
      },
    });
    registerViewGauge(metrics, {
      name: 'payments_oldest_open_age_seconds',
      help: 'How long the oldest payment not yet completed nor failed has been open; 0 when none is.',
      labelNames: [],
      read: async () => {
        const [row]: { age: string | null }[] = await dataSource.query(
          `SELECT extract(epoch FROM now() - min(requested_at)) AS age FROM payments
            WHERE status IN ('requested', 'debited', 'reversing')`,
        );
        return [{ labels: {}, value: Number(row?.age ?? 0) }];
      },
    });
  }
}
