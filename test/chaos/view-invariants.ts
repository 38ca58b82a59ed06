import { CustomerDeleted, ShipmentDispatched, Topics } from '@app/events';
import { ChaosEvidence, ReadRecord } from './chaos-evidence';
import { InvariantResult, verdict } from './invariant-result';

/** The fact of the highest version of each key on a topic (its entity's last published state). */
function lastStateByKey(records: readonly ReadRecord[]): Map<string, ReadRecord> {
  const last = new Map<string, ReadRecord>();
  for (const record of records) {
    const version = record.payload.version;
    if (record.key === null || typeof version !== 'number') continue;
    const before = last.get(record.key)?.payload.version;
    if (typeof before !== 'number' || version > before) last.set(record.key, record);
  }
  return last;
}

/**
 * Each view is what its facts say, key for key: a customer row is the state its last
 * `customers.events` fact carries (name, email, address, version), a shipment row the status and
 * version of its last `shipping.events` fact; and no row lacks facts, no facts lack a row.
 */
export async function viewsEqualTheirFacts(evidence: ChaosEvidence): Promise<InvariantResult> {
  const { customers, shipping } = evidence.schemas;
  const failures: string[] = [];
  const customerFacts = lastStateByKey(evidence.topics.get(Topics.customerEvents) ?? []);
  const customerRows = await evidence.query<{
    customer_id: string;
    name: string;
    email: string;
    address: Record<string, unknown>;
    version: number;
  }>(`SELECT customer_id, name, email, address, version FROM ${customers}.customers`);
  for (const row of customerRows) {
    const fact = customerFacts.get(row.customer_id);
    customerFacts.delete(row.customer_id);
    const state = {
      name: row.name,
      email: row.email,
      address: sorted(row.address),
      version: row.version,
    };
    const told = fact && {
      name: fact.payload.name,
      email: fact.payload.email,
      address: sorted(fact.payload.address as Record<string, unknown>),
      version: fact.payload.version,
    };
    if (JSON.stringify(state) !== JSON.stringify(told))
      failures.push(
        `customer ${row.customer_id}: view ${JSON.stringify(state)}, last fact ${JSON.stringify(told)}`,
      );
  }
  for (const [key, fact] of customerFacts)
    if (fact.type !== CustomerDeleted.type) failures.push(`customer ${key}: facts, no row`);

  const shipmentFacts = lastStateByKey(evidence.topics.get(Topics.shippingEvents) ?? []);
  const shipmentRows = await evidence.query<{ order_id: string; status: string; version: number }>(
    `SELECT order_id, status, version FROM ${shipping}.shipments`,
  );
  for (const row of shipmentRows) {
    const fact = shipmentFacts.get(row.order_id);
    shipmentFacts.delete(row.order_id);
    const status = fact?.type === ShipmentDispatched.type ? 'dispatched' : fact?.payload.status;
    if (!fact || status !== row.status || fact.payload.version !== row.version)
      failures.push(
        `shipment of order ${row.order_id}: view ${row.status} v${row.version}, last fact ${String(status)} v${String(fact?.payload.version)}`,
      );
  }
  for (const key of shipmentFacts.keys()) failures.push(`shipment of order ${key}: facts, no row`);
  return verdict(
    'views equal the last state their facts carry',
    `${customerRows.length} customers, ${shipmentRows.length} shipments`,
    failures,
  );
}

function sorted(record: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return (
    record && Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
  );
}
