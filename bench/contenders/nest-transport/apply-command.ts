import { CustomerEntity } from '@app/customers';
import { EntityManager } from 'typeorm';
import {
  CreateCustomerCommand,
  Outcome,
  outcomeColumns,
  outcomeOf,
  OutcomeRow,
  TakenCustomers,
} from '../customer-job';

/**
 * Applies one command inside the caller's transaction, as the worker's handler does: a request
 * already answered keeps its stored outcome; otherwise the customer is checked, inserted and the
 * outcome recorded.
 */
export async function applyCommand(
  manager: EntityManager,
  command: CreateCustomerCommand,
): Promise<Outcome> {
  const { trackingId } = command;
  if (trackingId !== undefined) {
    const stored: OutcomeRow[] = await manager.query(
      `SELECT status, event_type, reason_code, reason, result
       FROM request_outcomes WHERE tracking_id = $1`,
      [trackingId],
    );
    if (stored.length > 0) return outcomeOf(stored[0]);
  }
  const customers = manager.getRepository(CustomerEntity);
  const { customerId, email } = command.payload;
  const existing = await customers.find({
    select: { customerId: true, email: true },
    where: [{ customerId }, { email }],
  });
  const { outcome, customer } = new TakenCustomers(existing).decide(command);
  if (customer) await customers.insert(customer);
  if (trackingId !== undefined) {
    await manager.query(
      `INSERT INTO request_outcomes (tracking_id, status, event_type, reason_code, reason, result)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      outcomeColumns(trackingId, outcome),
    );
  }
  return outcome;
}
