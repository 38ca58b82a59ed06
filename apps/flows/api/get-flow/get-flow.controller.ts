import { RequireScopes } from '@app/auth';
import { FlowEntity } from '@app/flows';
import { FlowState } from '@app/events';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { FlowStateDto } from '../flow-state.dto';

/** `GET /flows/:id`: reads one flow from the view. */
@ApiTags('flows')
@RequireScopes('flows:read')
@Controller('flows')
export class GetFlowController {
  constructor(@InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read a flow' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The flow', type: FlowStateDto.Output })
  @ApiProblems({ 400: 'The id is not a UUID', 404: 'No such flow' })
  async get(@Param('id', new ZodValidationPipe(z.uuid())) id: string): Promise<FlowState> {
    const found = await this.flows.findOneBy({ flowId: id });
    if (!found) throw new NotFoundException(`Flow ${id} does not exist.`);
    return FlowEntity.toState(found);
  }
}
