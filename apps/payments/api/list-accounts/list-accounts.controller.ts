import { CallerReach, Reach, requireReach, RequireScopes } from '@app/auth';
import { accountOwnerSchema } from '@app/events';
import { ApiProblems } from '@app/requests';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectEntityManager } from '@nestjs/typeorm';
import { createZodDto } from 'nestjs-zod';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { accountView } from '../get-account/account-view.dto';
import { readAccountViews } from '../get-account/account-views';

/** The query of `GET /accounts`: whose accounts. */
export class ListAccountsQueryDto extends createZodDto(
  z.object({ owner: accountOwnerSchema.describe('a customer id, or `shop`') }).strict(),
) {}

/** The answer of `GET /accounts`. */
export class AccountsDto extends createZodDto(z.object({ items: z.array(accountView) })) {}

/** `GET /accounts?owner=`: every account of an owner, oldest first, with their balances. */
@ApiTags('accounts')
@RequireScopes('payments:read')
@Controller('accounts')
export class ListAccountsController {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  @Get()
  @ApiOperation({ summary: "List an owner's accounts (open and closed), oldest first" })
  @ApiResponse({ status: 200, description: "The owner's accounts", type: AccountsDto.Output })
  @ApiProblems({
    400: 'No owner, or an invalid one',
    403: "Another owner's, for a caller acting for a customer",
  })
  async list(
    @Query() query: ListAccountsQueryDto,
    @CallerReach('payments') reach: Reach,
  ): Promise<AccountsDto> {
    requireReach(reach, query.owner, `The accounts of ${query.owner}`);
    return { items: await readAccountViews(this.manager, { owner: query.owner }) };
  }
}
