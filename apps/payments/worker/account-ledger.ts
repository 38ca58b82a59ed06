import {
  AccountEntity,
  AccountSnapshot,
  EntryKind,
  PaymentEntity,
  PaymentStatus,
} from '@app/payments';
import { EntityManager } from 'typeorm';

/** One change of a confirmed balance, to post with its ledger line. */
export interface Posting {
  readonly accountId: string;
  readonly kind: EntryKind;
  /** Signed, minor units: negative for a debit. */
  readonly amount: number;
  readonly paymentId?: string;
  readonly depositId?: string;
  readonly at: Date;
  /** Refuse it on a closed account (a reversal goes back to a closed payer all the same). */
  readonly onlyIfOpen: boolean;
}

/**
 * Reads an account for a decision, locking its row until the batch commits. Only its own
 * partition changes its balance; the lock keeps a zombie of that partition out.
 */
export async function lockAccount(
  manager: EntityManager,
  accountId: string,
): Promise<AccountSnapshot | undefined> {
  const account = await manager
    .getRepository(AccountEntity)
    .findOne({ where: { accountId }, lock: { mode: 'pessimistic_write' } });
  if (!account) return undefined;
  const { currency, balance, closedAt } = account;
  return { accountId: account.accountId, currency, balance, closed: closedAt !== null };
}

/** Reads a payment for its next step, locking its row until the batch commits. */
export async function lockPayment(
  manager: EntityManager,
  paymentId: string,
): Promise<PaymentEntity | undefined> {
  const payment = await manager
    .getRepository(PaymentEntity)
    .findOne({ where: { paymentId }, lock: { mode: 'pessimistic_write' } });
  return payment ?? undefined;
}

/**
 * Moves a confirmed balance and writes its ledger line in one statement; returns the balance
 * after it. The statement guards what the decision checked (the balance never goes below zero,
 * and the account is open when asked), so that no interleaving can break it.
 * @throws Error when the guard refuses: a decision disagreed with the database, for a person to look at.
 */
export async function post(manager: EntityManager, posting: Posting): Promise<number> {
  const rows: { balance_after: string }[] = await manager.query(
    `WITH moved AS (
       UPDATE accounts SET balance = balance + $2, updated_at = $5
        WHERE account_id = $1 AND balance + $2 >= 0 AND (closed_at IS NULL OR NOT $7)
        RETURNING account_id, balance)
     INSERT INTO account_entries (account_id, kind, amount, balance_after, payment_id, deposit_id, at)
     SELECT account_id, $3, $2, balance, $4, $6, $5 FROM moved
     RETURNING balance_after`,
    [
      posting.accountId,
      posting.amount,
      posting.kind,
      posting.paymentId ?? null,
      posting.at,
      posting.depositId ?? null,
      posting.onlyIfOpen,
    ],
  );
  if (rows.length === 0) {
    throw new Error(
      `The ${posting.kind} of ${posting.amount} on account ${posting.accountId} was refused by the ` +
        'ledger guard (balance below zero, or a closed account) after its decision allowed it',
    );
  }
  return Number(rows[0].balance_after);
}

/** Moves a payment to its next status, with its currency or failure when they become known. */
export async function advancePayment(
  manager: EntityManager,
  payment: PaymentEntity,
  status: PaymentStatus,
  at: Date,
  changes: Partial<Pick<PaymentEntity, 'currency' | 'failureCode' | 'failureReason'>> = {},
): Promise<PaymentEntity> {
  Object.assign(payment, changes, { status, updatedAt: at });
  await manager
    .getRepository(PaymentEntity)
    .update({ paymentId: payment.paymentId }, { ...changes, status, updatedAt: at });
  return payment;
}
