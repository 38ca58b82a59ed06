import { EventCatalogue } from '../../event-catalogue';
import { BasePriceSet } from './base-price-set.event';
import { PriceChanged } from './price-changed.event';
import { PricingRequestRejected } from './pricing-request-rejected.event';
import { SetBasePrice } from './set-base-price.event';

/** Every event type of the pricing service, commands and facts. */
export const pricingCatalogue = new EventCatalogue([
  SetBasePrice,
  BasePriceSet,
  PriceChanged,
  PricingRequestRejected,
]);
