import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { AccountEntity, AccountEntryEntity } from '@app/payments';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { accountIdParam } from '../payment-http';
import { EntriesPageDto, ListEntriesQueryDto } from './entries-page.dto';

/** `GET /accounts/:id/entries`: an account's ledger lines, oldest first, by cursor. */
@ApiTags('accounts')
@RequireScopes('payments:read')
@Controller('accounts')
export class ListEntriesController {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(AccountEntryEntity)
    private readonly entries: Repository<AccountEntryEntity>,
  ) {}

  @Get(':id/entries')
  @ApiOperation({ summary: "List an account's ledger lines; pass nextCursor back as cursor" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'A page of ledger lines', type: EntriesPageDto.Output })
  @ApiProblems({ 400: 'Invalid id, limit or cursor', 404: 'No such account' })
  async list(
    @Param('id', new ZodValidationPipe(accountIdParam)) id: string,
    @Query() query: ListEntriesQueryDto,
    @CallerReach('payments') reach: Reach,
  ): Promise<EntriesPageDto> {
    const account = await this.accounts.findOneBy({ accountId: id });
    if (!account || !reaches(reach, account.owner))
      throw new NotFoundException(`Account ${id} does not exist.`);
    const rows = await this.entries.find({
      where: {
        accountId: id,
        ...(query.cursor ? { entryId: MoreThan(Number(query.cursor)) } : {}),
      },
      order: { entryId: 'ASC' },
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map((entry) => ({
        entryId: String(entry.entryId),
        kind: entry.kind,
        amount: entry.amount,
        balanceAfter: entry.balanceAfter,
        paymentId: entry.paymentId,
        depositId: entry.depositId,
        at: entry.at.toISOString(),
      })),
      nextCursor: rows.length > query.limit ? String(page[page.length - 1].entryId) : null,
    };
  }
}
