import { RequireScopes } from '@app/auth';
import { SetBasePrice, SkuPrice } from '@app/events';
import {
  ApiProblems,
  ApiRejections,
  CommandRequests,
  PendingRequestDto,
  RequestTracking,
  Tracking,
  sendResponse,
} from '@app/requests';
import { Body, Controller, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { skuParam } from '../sku-param';
import { SkuPriceDto } from '../sku-price.dto';
import { SetBasePriceDto } from './set-base-price.dto';

/** `PUT /prices/:sku`: asks the worker to set a sku's base price, and so its current price. */
@ApiTags('prices')
@RequireScopes('pricing:write')
@Controller('prices')
export class SetBasePriceController {
  constructor(private readonly requests: CommandRequests) {}

  @Put(':sku')
  @ApiOperation({
    summary: 'Set a base price (a command: 202 at once, or the outcome with Prefer: wait=N)',
  })
  @ApiParam({ name: 'sku' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat it to get the same outcome; the command never runs twice',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: 'wait=N: answer with the outcome within N seconds (at most 30)',
  })
  @ApiResponse({
    status: 200,
    description: 'Set (when waiting): the sku with its recalculated price',
    type: SkuPriceDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'Invalid sku, body or Idempotency-Key, with field-level errors' })
  @ApiRejections({ 422: 'The worker refused the command as invalid (when waiting)' })
  async set(
    @Param('sku', skuParam) sku: string,
    @Body() body: SetBasePriceDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const response = await this.requests.submit(
      SetBasePrice,
      { sku, basePrice: body.basePrice },
      tracking,
      prefer,
      {
        status: 200,
        location: (result) => `/prices/${encodeURIComponent((result as SkuPrice).sku)}`,
      },
    );
    sendResponse(res, response);
  }
}
