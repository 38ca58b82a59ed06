import { CallerReach, Reach, requireEveryOwner, RequireScopes } from '@app/auth';
import { AccountEntity } from '@app/payments';
import { ApiProblems } from '@app/requests';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Balances, BalancesDto, BalancesQueryDto } from './balances.dto';

/** `GET /balances`: the totals an operator checks to see that money is conserved. */
@ApiTags('balances')
@RequireScopes('payments:read')
@Controller('balances')
export class GetBalancesController {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Totals: confirmed + in flight = deposits, whenever read (per currency, or all)',
  })
  @ApiResponse({ status: 200, description: 'The totals', type: BalancesDto.Output })
  @ApiProblems({ 400: 'The currency is not an ISO 4217 code' })
  async get(
    @Query() query: BalancesQueryDto,
    @CallerReach('payments') reach: Reach,
  ): Promise<Balances> {
    requireEveryOwner(reach, 'payments', "The whole system's totals");
    // One statement, one snapshot: a debit and its payment's status move in one transaction.
    const [row]: Record<keyof Omit<Balances, 'conserved'>, string>[] = await this.accounts.query(
      `SELECT
         (SELECT COALESCE(sum(balance), 0) FROM accounts
           WHERE $1::text IS NULL OR currency = $1) AS confirmed,
         (SELECT COALESCE(sum(amount), 0) FROM payments
           WHERE status IN ('debited', 'reversing') AND ($1::text IS NULL OR currency = $1)) AS "inFlight",
         (SELECT COALESCE(sum(e.amount), 0) FROM account_entries e JOIN accounts a USING (account_id)
           WHERE e.kind = 'deposit' AND ($1::text IS NULL OR a.currency = $1)) AS deposits,
         (SELECT count(*) FROM payments p LEFT JOIN accounts a ON a.account_id = p.from_account
           WHERE p.status IN ('requested', 'debited', 'reversing')
             AND ($1::text IS NULL OR a.currency = $1)) AS "openPayments"`,
      [query.currency ?? null],
    );
    const confirmed = Number(row.confirmed);
    const inFlight = Number(row.inFlight);
    const deposits = Number(row.deposits);
    return {
      confirmed,
      inFlight,
      deposits,
      conserved: confirmed + inFlight === deposits,
      openPayments: Number(row.openPayments),
    };
  }
}
