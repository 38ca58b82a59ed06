import { RequireScopes } from '@app/auth';
import { SkuPrice } from '@app/events';
import { SkuPriceEntity } from '@app/pricing';
import { ApiProblems } from '@app/requests';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { skuParam } from '../sku-param';
import { SkuPriceDto } from '../sku-price.dto';

/** `GET /prices/:sku`: reads a sku's pricing from the view. */
@ApiTags('prices')
@RequireScopes('pricing:read')
@Controller('prices')
export class GetPriceController {
  constructor(
    @InjectRepository(SkuPriceEntity) private readonly prices: Repository<SkuPriceEntity>,
  ) {}

  @Get(':sku')
  @ApiOperation({
    summary:
      'Read a sku: base price, current price (both null while no base price is set), and the ' +
      'units ordered in the demand window ending at asOf',
  })
  @ApiParam({ name: 'sku' })
  @ApiResponse({ status: 200, description: 'The sku', type: SkuPriceDto.Output })
  @ApiProblems({
    400: 'The sku is empty or too long',
    404: 'Pricing has neither a base price nor an order of this sku',
  })
  async get(@Param('sku', skuParam) sku: string): Promise<SkuPrice> {
    const price = await this.prices.findOneBy({ sku });
    if (!price) throw new NotFoundException(`Sku ${sku} has neither a base price nor an order.`);
    return SkuPriceEntity.toState(price);
  }
}
