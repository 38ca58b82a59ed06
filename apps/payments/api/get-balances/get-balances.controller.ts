import { AccountEntity } from '@app/payments';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Balances, BalancesDto } from './balances.dto';

/** `GET /balances`: the totals an operator checks to see that money is conserved. */
@ApiTags('balances')
@Controller('balances')
export class GetBalancesController {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Totals: confirmed + in flight = deposits, whenever it is read' })
  @ApiResponse({ status: 200, description: 'The totals', type: BalancesDto.Output })
  async get(): Promise<Balances> {
    // One statement, one snapshot: a debit and its payment's status move in one transaction.
    const [row]: Record<keyof Omit<Balances, 'conserved'>, string>[] = await this.accounts.query(
      `SELECT
         (SELECT COALESCE(sum(balance), 0) FROM accounts) AS confirmed,
         (SELECT COALESCE(sum(amount), 0) FROM payments
           WHERE status IN ('debited', 'reversing')) AS "inFlight",
         (SELECT COALESCE(sum(amount), 0) FROM account_entries WHERE kind = 'deposit') AS deposits,
         (SELECT count(*) FROM payments
           WHERE status IN ('requested', 'debited', 'reversing')) AS "openPayments"`,
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
