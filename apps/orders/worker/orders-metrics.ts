import { OrderStatuses } from '@app/orders';
import { MetricsService, registerViewGauge } from '@app/observability';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The statuses an order waits in for another service: its new customer, or its payment. */
const WAITING = [OrderStatuses.awaitingCustomer, OrderStatuses.placed];

/**
 * What may be stuck, read from the view at scrape time: how long the oldest order has waited
 * for its new customer (customers) or for its payment (payments).
 */
@Injectable()
export class OrdersMetrics {
  constructor(metrics: MetricsService, dataSource: DataSource) {
    registerViewGauge(metrics, {
      name: 'orders_oldest_waiting_age_seconds',
      help: 'How long the oldest order in a waiting status (awaiting-customer, placed: awaiting its payment) has waited; 0 when none does.',
      labelNames: ['status'],
      read: async () => {
        const rows: { status: string; age: string }[] = await dataSource.query(
          `SELECT s.status, COALESCE(extract(epoch FROM now() - min(o.updated_at)), 0) AS age
             FROM unnest($1::text[]) AS s(status)
             LEFT JOIN orders o ON o.status = s.status
            GROUP BY s.status`,
          [WAITING],
        );
        return rows.map((row) => ({ labels: { status: row.status }, value: Number(row.age) }));
      },
    });
  }
}
