import { skuSchema } from '@app/events';
import { ZodValidationPipe } from '@app/requests';

/** Validates the `:sku` of a path as the catalogue's schema does. */
export const skuParam = new ZodValidationPipe(skuSchema);
