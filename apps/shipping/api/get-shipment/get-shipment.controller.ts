import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { ShipmentState } from '@app/events';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { ShipmentEntity } from '@app/shipping';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { ShipmentStateDto } from '../shipping-http';

/** `GET /shipments/:id`: reads one shipment from the view. */
@ApiTags('shipments')
@RequireScopes('shipping:read')
@Controller('shipments')
export class GetShipmentController {
  constructor(
    @InjectRepository(ShipmentEntity) private readonly shipments: Repository<ShipmentEntity>,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read a shipment' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The shipment', type: ShipmentStateDto.Output })
  @ApiProblems({ 400: 'The id is not a UUID', 404: 'No such shipment' })
  async get(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @CallerReach('shipping') reach: Reach,
  ): Promise<ShipmentState> {
    const shipment = await this.shipments.findOneBy({ shipmentId: id });
    if (!shipment || !reaches(reach, shipment.customerId))
      throw new NotFoundException(`Shipment ${id} does not exist.`);
    return ShipmentEntity.toState(shipment);
  }
}
