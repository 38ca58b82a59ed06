import { AccountClosed, AccountState, CloseAccount, EventEnvelope, PayloadOf } from '@app/events';
import { AccountEntity } from '@app/payments';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { loadOpenAccount } from '../load-open-account';

/**
 * Closes an open account. It keeps its balance (money is never lost) but pays and is paid no
 * more: a payment to it is reversed, a payment from it fails.
 */
@Controller()
export class CloseAccountHandler {
  @OnEvent(CloseAccount)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof CloseAccount>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<AccountState> {
    const account = await loadOpenAccount(ctx, event.payload.accountId);
    account.closedAt = event.time;
    account.updatedAt = event.time;
    await ctx.manager
      .getRepository(AccountEntity)
      .update({ accountId: account.accountId }, { closedAt: event.time, updatedAt: event.time });
    const state = AccountEntity.toState(account);
    ctx.emit(AccountClosed, state);
    return state;
  }
}
