import {
  Address,
  ShipmentAddressed,
  ShipmentCancelled,
  ShipmentDispatched,
  ShipmentReaddressed,
  ShipmentUndeliverable,
} from '@app/events';
import { WorkerContext } from '@app/kafka';
import { CustomerAddress, ShipmentChange, ShipmentEntity } from '@app/shipping';
import { EntityManager } from 'typeorm';

const FACTS = {
  addressed: ShipmentAddressed,
  readdressed: ShipmentReaddressed,
  undeliverable: ShipmentUndeliverable,
  cancelled: ShipmentCancelled,
} as const;

/**
 * Serializes, within the batch transaction, everything that reads or writes what shipping knows
 * of one customer: the replica's row and the customer's shipments. A row lock would not do: when
 * an order arrives before its customer's fact there is no replica row to lock yet, and without
 * this the order's handler (which sees no customer, so leaves the shipment waiting) and the
 * customer's handler (which sees no waiting shipment yet) could both commit, leaving the shipment
 * waiting for a fact already applied. Two batches taking two customers' locks in opposite orders
 * deadlock; PostgreSQL aborts one, and the transport retries it as a transient failure.
 */
export async function lockCustomer(manager: EntityManager, customerId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `shipping.customer/${customerId.toLowerCase()}`,
  ]);
}

/** Reads a customer from the replica; undefined when no fact of theirs was applied yet. */
export async function readCustomer(
  manager: EntityManager,
  customerId: string,
): Promise<CustomerAddress | undefined> {
  const rows: {
    name: string | null;
    address: Address | null;
    version: number;
    deleted: boolean;
  }[] = await manager.query(
    `SELECT name, address, version, deleted FROM customer_addresses WHERE customer_id = $1`,
    [customerId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const recipient =
    row.name !== null && row.address !== null ? { name: row.name, address: row.address } : null;
  return { version: row.version, deleted: row.deleted, recipient };
}

/** Loads shipments and locks them against the other handlers until the batch commits. */
export function lockShipments(
  manager: EntityManager,
  where: Partial<Pick<ShipmentEntity, 'shipmentId' | 'orderId' | 'customerId'>>,
): Promise<ShipmentEntity[]> {
  return manager
    .getRepository(ShipmentEntity)
    .find({ where, lock: { mode: 'pessimistic_write' }, order: { createdAt: 'ASC' } });
}

/** Writes a shipment's next state and appends the fact that announces it to the outbox. */
export async function applyChange(
  ctx: WorkerContext,
  change: ShipmentChange,
  at: Date,
): Promise<void> {
  const { shipmentId, orderId, status, recipient, addressVersion, version } = change.state;
  await ctx.manager
    .getRepository(ShipmentEntity)
    .update({ shipmentId }, { status, recipient, addressVersion, version, updatedAt: at });
  if (change.fact === 'dispatched') ctx.emit(ShipmentDispatched, { shipmentId, orderId, version });
  else ctx.emit(FACTS[change.fact], change.state);
}
