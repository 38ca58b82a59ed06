import { ConsumerGroups, PricingRequestRejected } from '@app/events';
import { DEMAND_RULE, demandRuleFromEnv, pricingService } from '@app/pricing';
import { runWorker } from '@app/service';
import { OrderPlacedHandler } from './order-placed/order-placed.handler';
import { SetBasePriceHandler } from './set-base-price/set-base-price.handler';

runWorker(pricingService, {
  groupId: ConsumerGroups.pricingWorker,
  handlers: [SetBasePriceHandler, OrderPlacedHandler],
  rejectionEvent: PricingRequestRejected,
  // Read at start: a bad PRICING_* variable stops the worker, naming it.
  providers: [{ provide: DEMAND_RULE, useFactory: () => demandRuleFromEnv() }],
});
