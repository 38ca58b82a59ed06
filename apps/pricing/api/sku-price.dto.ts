import { skuPriceSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** A sku's pricing as the API answers it: base and current price, demand in the window, version. */
export class SkuPriceDto extends createZodDto(skuPriceSchema) {}
