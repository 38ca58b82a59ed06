import { AccountOpened, AccountState, EventEnvelope, OpenAccount, PayloadOf } from '@app/events';
import { AccountEntity, PaymentRejections } from '@app/payments';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

/** Opens an account, empty, unless one with its id exists. */
@Controller()
export class OpenAccountHandler {
  @OnEvent(OpenAccount)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof OpenAccount>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<AccountState> {
    const { accountId, owner, currency } = event.payload;
    ctx.requireOwner(owner, `An account of ${owner}`);
    const opened: unknown[] = await ctx.manager.query(
      `INSERT INTO accounts (account_id, owner, currency, opened_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) ON CONFLICT (account_id) DO NOTHING RETURNING account_id`,
      [accountId, owner, currency, event.time],
    );
    if (opened.length === 0) {
      ctx.reject(`Account ${accountId} already exists`, PaymentRejections.accountExists, {
        deadLetter: false,
      });
    }
    const state = AccountEntity.toState(
      Object.assign(new AccountEntity(), {
        accountId,
        owner,
        currency,
        balance: 0,
        closedAt: null,
      }),
    );
    ctx.emit(AccountOpened, state);
    return state;
  }
}
