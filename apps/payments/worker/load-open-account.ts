import { AccountEntity, PaymentRejections } from '@app/payments';
import { WorkerContext } from '@app/kafka';

/**
 * Loads the account a command names, locked, refusing the command (an answer, not a fault: no
 * dead letter) when it does not exist, is not the customer's the command acts for, or is closed.
 */
export async function loadOpenAccount(
  ctx: WorkerContext,
  accountId: string,
): Promise<AccountEntity> {
  const account = await ctx.manager
    .getRepository(AccountEntity)
    .findOne({ where: { accountId }, lock: { mode: 'pessimistic_write' } });
  if (!account) {
    ctx.reject(`Account ${accountId} does not exist`, PaymentRejections.accountNotFound, {
      deadLetter: false,
    });
  }
  ctx.requireOwner(account.owner, `Account ${accountId}`);
  if (account.closedAt !== null) {
    ctx.reject(`Account ${accountId} is closed`, PaymentRejections.accountClosed, {
      deadLetter: false,
    });
  }
  return account;
}
