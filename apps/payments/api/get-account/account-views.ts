import { EntityManager } from 'typeorm';
import { AccountView } from './account-view.dto';

interface AccountViewRow {
  account_id: string;
  owner: string;
  currency: string;
  closed: boolean;
  balance: string;
  pending_debits: string;
  pending_credits: string;
}

/** Which accounts to read: one by id, or every account of an owner (oldest first). */
export type AccountFilter = { readonly accountId: string } | { readonly owner: string };

/**
 * Reads accounts with their confirmed, in-flight and available balances, in one statement: one
 * snapshot, so that the balances agree with each other.
 */
export async function readAccountViews(
  manager: EntityManager,
  filter: AccountFilter,
): Promise<AccountView[]> {
  const where =
    'accountId' in filter
      ? 'a.account_id = $1'
      : 'lower(a.owner) = lower($1) ORDER BY a.opened_at, a.account_id';
  const rows: AccountViewRow[] = await manager.query(
    `SELECT a.account_id, a.owner, a.currency, a.closed_at IS NOT NULL AS closed, a.balance,
       (SELECT COALESCE(sum(amount), 0) FROM payments
         WHERE from_account = a.account_id AND status = 'requested') AS pending_debits,
       (SELECT COALESCE(sum(amount), 0) FROM payments
         WHERE to_account = a.account_id AND status IN ('requested', 'debited')) +
       (SELECT COALESCE(sum(amount), 0) FROM payments
         WHERE from_account = a.account_id AND status = 'reversing') AS pending_credits
     FROM accounts a WHERE ${where}`,
    ['accountId' in filter ? filter.accountId : filter.owner],
  );
  return rows.map(toView);
}

function toView(row: AccountViewRow): AccountView {
  const balance = Number(row.balance);
  const pendingDebits = Number(row.pending_debits);
  const pendingCredits = Number(row.pending_credits);
  return {
    accountId: row.account_id,
    owner: row.owner,
    currency: row.currency,
    status: row.closed ? 'closed' : 'open',
    balance,
    pendingDebits,
    pendingCredits,
    inFlightBalance: balance + pendingCredits - pendingDebits,
    availableBalance: balance - pendingDebits,
  };
}
