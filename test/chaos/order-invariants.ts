import {
  OrderCharged,
  OrderChargeFailed,
  OrderPaid,
  OrderPaymentFailed,
  OrderPlaced,
  OrderRefunded,
  OrderRefundFailed,
  ShipmentCreated,
  Topics,
} from '@app/events';
import { ChaosEvidence } from './chaos-evidence';
import { InvariantResult, verdict } from './invariant-result';

interface OrderRow {
  readonly order_id: string;
  readonly status: string;
  readonly charge: string | null;
  readonly shipment: string | null;
}

/**
 * What an order's status allows of its charge (payments' `order_charges`) and of its shipment
 * (shipping's `shipments`, null for none), once everything is drained. A cancelled order may
 * have been dispatched all the same: the cancel and the dispatch crossed (a return, not a fault).
 */
const CONSISTENT: Readonly<Record<string, { charge: string[]; shipment: (string | null)[] }>> = {
  paid: { charge: ['charged'], shipment: ['addressed'] },
  shipped: { charge: ['charged'], shipment: ['dispatched'] },
  'payment-failed': { charge: ['failed'], shipment: [null] },
  cancelled: { charge: ['failed', 'refunded'], shipment: [null, 'cancelled', 'dispatched'] },
};

/**
 * Every order is terminal and consistent with its charge and shipment: paid <=> charged,
 * shipped => dispatched, cancelled and charged => refunded; no charge or shipment without an
 * order; and each order charged once and shipped once, as its facts show.
 */
export async function ordersConsistent(evidence: ChaosEvidence): Promise<InvariantResult> {
  const { orders, payments, shipping } = evidence.schemas;
  const failures: string[] = [];
  const rows = await evidence.query<OrderRow>(
    `SELECT o.order_id, o.status, c.status AS charge, s.status AS shipment
       FROM ${orders}.orders o
       LEFT JOIN ${payments}.order_charges c USING (order_id)
       LEFT JOIN ${shipping}.shipments s USING (order_id)`,
  );
  const byStatus = new Map<string, number>();
  let crossed = 0;
  for (const row of rows) {
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
    const allowed = CONSISTENT[row.status];
    if (!allowed) {
      failures.push(`order ${row.order_id} still ${row.status} when drained`);
      continue;
    }
    if (!allowed.charge.includes(row.charge ?? 'none') || !allowed.shipment.includes(row.shipment))
      failures.push(
        `order ${row.order_id} ${row.status}: charge ${row.charge}, shipment ${row.shipment}`,
      );
    if (row.status === 'cancelled' && row.shipment === 'dispatched') crossed++;
  }
  const [orphans] = await evidence.query<{ charges: string; shipments: string }>(
    `SELECT (SELECT count(*) FROM ${payments}.order_charges c
              WHERE NOT EXISTS (SELECT 1 FROM ${orders}.orders o WHERE o.order_id = c.order_id)) AS charges,
            (SELECT count(*) FROM ${shipping}.shipments s
              WHERE NOT EXISTS (SELECT 1 FROM ${orders}.orders o WHERE o.order_id = s.order_id)) AS shipments`,
  );
  if (orphans.charges !== '0') failures.push(`${orphans.charges} charges of no order`);
  if (orphans.shipments !== '0') failures.push(`${orphans.shipments} shipments of no order`);
  failures.push(
    ...onceEach(
      evidence,
      Topics.paymentEvents,
      [OrderCharged.type, OrderChargeFailed.type],
      'charge',
    ),
  );
  failures.push(
    ...onceEach(
      evidence,
      Topics.paymentEvents,
      [OrderRefunded.type, OrderRefundFailed.type],
      'refund',
    ),
  );
  failures.push(...onceEach(evidence, Topics.shippingEvents, [ShipmentCreated.type], 'shipment'));
  failures.push(...onceEach(evidence, Topics.orderEvents, [OrderPlaced.type], 'placing'));
  failures.push(
    ...onceEach(evidence, Topics.orderEvents, [OrderPaid.type, OrderPaymentFailed.type], 'payment'),
  );
  const statuses = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  return verdict(
    'orders terminal and consistent with their charge and shipment',
    `${rows.length} orders (${statuses}); ${crossed} cancels crossed a dispatch`,
    failures,
  );
}

/** Finds the keys of `topic` with more than one distinct event among `types`: an effect applied twice. */
function onceEach(evidence: ChaosEvidence, topic: string, types: string[], what: string): string[] {
  const ids = new Map<string, Set<string>>();
  for (const record of evidence.topics.get(topic) ?? []) {
    if (!types.includes(record.type) || record.key === null) continue;
    ids.set(record.key, (ids.get(record.key) ?? new Set()).add(record.id));
  }
  return [...ids]
    .filter(([, seen]) => seen.size > 1)
    .map(([key, seen]) => `order ${key}: ${seen.size} distinct ${what} facts on ${topic}`);
}
