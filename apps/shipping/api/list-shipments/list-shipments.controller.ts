import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { ApiProblems } from '@app/requests';
import { ShipmentEntity } from '@app/shipping';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ListShipmentsQueryDto } from './list-shipments-query.dto';
import { ShipmentsPageDto } from './shipments-page.dto';

/** `GET /shipments?orderId=`: finds an order's shipment in the view. */
@ApiTags('shipments')
@RequireScopes('shipping:read')
@Controller('shipments')
export class ListShipmentsController {
  constructor(
    @InjectRepository(ShipmentEntity) private readonly shipments: Repository<ShipmentEntity>,
  ) {}

  @Get()
  @ApiOperation({ summary: "Find an order's shipment (empty until shipping has the order)" })
  @ApiResponse({ status: 200, description: 'The shipments found', type: ShipmentsPageDto.Output })
  @ApiProblems({ 400: 'orderId is missing or not a UUID' })
  async list(
    @Query() query: ListShipmentsQueryDto,
    @CallerReach('shipping') reach: Reach,
  ): Promise<ShipmentsPageDto> {
    const rows = await this.shipments.findBy({ orderId: query.orderId });
    // Another customer's shipment is not there, for a caller acting for a customer.
    const visible = rows.filter((row) => reaches(reach, row.customerId));
    return { items: visible.map((row) => ShipmentEntity.toState(row)) };
  }
}
