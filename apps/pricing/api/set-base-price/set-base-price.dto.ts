import { SetBasePrice } from '@app/events';
import { createZodDto } from 'nestjs-zod';

/** The body of `PUT /prices/:sku`: the base price in minor units. */
export class SetBasePriceDto extends createZodDto(
  SetBasePrice.schema.pick({ basePrice: true }).strict(),
) {}
