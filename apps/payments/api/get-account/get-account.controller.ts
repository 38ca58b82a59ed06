import { RequireScopes } from '@app/auth';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { AccountEntity } from '@app/payments';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { accountIdParam } from '../payment-http';
import { AccountView, AccountViewDto } from './account-view.dto';

interface AccountViewRow {
  account_id: string;
  owner: string;
  currency: string;
  closed: boolean;
  balance: string;
  pending_debits: string;
  pending_credits: string;
}

/** `GET /accounts/:id`: an account with its confirmed, in-flight and available balances. */
@ApiTags('accounts')
@RequireScopes('payments:read')
@Controller('accounts')
export class GetAccountController {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read an account: confirmed, in-flight and available balances' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The account', type: AccountViewDto.Output })
  @ApiProblems({ 400: 'The id is not a UUID', 404: 'No such account' })
  async get(@Param('id', new ZodValidationPipe(accountIdParam)) id: string): Promise<AccountView> {
    // One statement, one snapshot: the balances agree with each other.
    const rows: AccountViewRow[] = await this.accounts.query(
      `SELECT a.account_id, a.owner, a.currency, a.closed_at IS NOT NULL AS closed, a.balance,
         (SELECT COALESCE(sum(amount), 0) FROM payments
           WHERE from_account = a.account_id AND status = 'requested') AS pending_debits,
         (SELECT COALESCE(sum(amount), 0) FROM payments
           WHERE to_account = a.account_id AND status IN ('requested', 'debited')) +
         (SELECT COALESCE(sum(amount), 0) FROM payments
           WHERE from_account = a.account_id AND status = 'reversing') AS pending_credits
       FROM accounts a WHERE a.account_id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new NotFoundException(`Account ${id} does not exist.`);
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
}
