import { pricingService } from '@app/pricing';
import { runApi } from '@app/service';
import { GetPriceController } from './get-price/get-price.controller';
import { SetBasePriceController } from './set-base-price/set-base-price.controller';

runApi(pricingService, {
  controllers: [SetBasePriceController, GetPriceController],
  rejectionStatuses: { 'schema-violation': 422 },
});
