import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { accountIdParam } from '../payment-http';
import { AccountView, AccountViewDto } from './account-view.dto';
import { readAccountViews } from './account-views';

/** `GET /accounts/:id`: an account with its confirmed, in-flight and available balances. */
@ApiTags('accounts')
@RequireScopes('payments:read')
@Controller('accounts')
export class GetAccountController {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read an account: confirmed, in-flight and available balances' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The account', type: AccountViewDto.Output })
  @ApiProblems({ 400: 'The id is not a UUID', 404: 'No such account' })
  async get(
    @Param('id', new ZodValidationPipe(accountIdParam)) id: string,
    @CallerReach('payments') reach: Reach,
  ): Promise<AccountView> {
    const [account] = await readAccountViews(this.manager, { accountId: id });
    if (!account || !reaches(reach, account.owner))
      throw new NotFoundException(`Account ${id} does not exist.`);
    return account;
  }
}
