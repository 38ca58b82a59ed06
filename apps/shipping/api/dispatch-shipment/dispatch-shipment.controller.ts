import { CallerReach, Reach, requireEveryOwner, RequireScopes } from '@app/auth';
import { DispatchShipment, ShipmentState } from '@app/events';
import {
  ApiProblems,
  ApiRejections,
  CommandRequests,
  PendingRequestDto,
  RequestTracking,
  Tracking,
  sendResponse,
  ZodValidationPipe,
} from '@app/requests';
import { ShipmentEntity } from '@app/shipping';
import { Controller, Headers, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { ShipmentStateDto } from '../shipping-http';

/** `POST /shipments/:id/dispatch`: asks the worker to dispatch an addressed shipment. */
@ApiTags('shipments')
@RequireScopes('shipping:write')
@Controller('shipments')
export class DispatchShipmentController {
  constructor(
    private readonly requests: CommandRequests,
    @InjectRepository(ShipmentEntity) private readonly shipments: Repository<ShipmentEntity>,
  ) {}

  @Post(':id/dispatch')
  @ApiOperation({ summary: 'Dispatch a shipment (a command); only an addressed one can be' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiResponse({
    status: 200,
    description: 'Dispatched (when waiting): the shipment',
    type: ShipmentStateDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'The id or Idempotency-Key is invalid' })
  @ApiRejections({ 404: 'No such shipment' }, { orProblem: true })
  @ApiRejections({
    409: 'Not dispatchable (when waiting): awaiting its address, undeliverable, cancelled or already dispatched',
    422: 'The worker refused the command as invalid (when waiting)',
  })
  async dispatch(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('shipping') reach: Reach,
  ): Promise<void> {
    // The warehouse dispatches, not a customer: a back office or a service acting for every owner.
    requireEveryOwner(reach, 'shipping', 'Dispatching a shipment');
    // Fails fast on an unknown id; the worker decides everything else on the current state.
    if (!(await this.shipments.existsBy({ shipmentId: id })))
      throw new NotFoundException(`Shipment ${id} does not exist.`);
    const response = await this.requests.submit(
      DispatchShipment,
      { shipmentId: id },
      tracking,
      prefer,
      {
        status: 200,
        location: (result) => `/shipments/${(result as ShipmentState).shipmentId}`,
      },
    );
    sendResponse(res, response);
  }
}
