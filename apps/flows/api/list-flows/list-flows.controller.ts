import { RequireScopes } from '@app/auth';
import {
  FLOWS_STUCK_AFTER_SECONDS,
  FlowState,
  flowSummaryView,
  FlowViewRepository,
} from '@app/flows';
import { ApiProblems } from '@app/requests';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { FlowsPageDto } from '../flow-view.dto';
import { ListFlowsQueryDto } from './list-flows-query.dto';

/** `GET /flows?state=stuck`: the flows in one state, such as those that need a person. */
@ApiTags('flows')
@RequireScopes('flows:read')
@Controller('flows')
export class ListFlowsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(FLOWS_STUCK_AFTER_SECONDS) private readonly stuckAfterSeconds: number,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List flows, in one state if asked, oldest last hop first' })
  @ApiResponse({ status: 200, description: 'The flows found', type: FlowsPageDto.Output })
  @ApiProblems({ 400: 'state is not a flow state, or limit is out of range' })
  async list(@Query() query: ListFlowsQueryDto): Promise<FlowsPageDto> {
    const now = new Date();
    const rows = await new FlowViewRepository(this.dataSource.manager).list({
      state: query.state as FlowState | undefined,
      limit: query.limit,
      stuckAfterSeconds: this.stuckAfterSeconds,
    });
    return { items: rows.map((row) => flowSummaryView(row, now, this.stuckAfterSeconds)) };
  }
}
