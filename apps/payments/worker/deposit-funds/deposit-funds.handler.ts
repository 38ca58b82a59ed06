import { DepositFunds, EventEnvelope, FundsDeposited, PayloadOf } from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { post } from '../account-ledger';
import { loadOpenAccount } from '../load-open-account';

/** Brings money into an open account from outside, as a ledger line of its own kind. */
@Controller()
export class DepositFundsHandler {
  @OnEvent(DepositFunds)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof DepositFunds>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<PayloadOf<typeof FundsDeposited>> {
    const { depositId, accountId, amount } = event.payload;
    const account = await loadOpenAccount(ctx, accountId);
    const balance = await post(ctx.manager, {
      accountId: account.accountId,
      kind: 'deposit',
      amount,
      depositId,
      at: event.time,
      onlyIfOpen: true,
    });
    const deposited = { depositId, accountId: account.accountId, amount, balance };
    ctx.emit(FundsDeposited, deposited);
    return deposited;
  }
}
