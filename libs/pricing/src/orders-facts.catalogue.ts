import { EventCatalogue, OrderPlaced } from '@app/events';

/**
 * The facts of orders that pricing reads: `OrderPlaced` only. A catalogue of orders'
 * publishing would serve as well, as `consumes` takes only the events of `orders.events` from it.
 */
export const ordersFactsCatalogue = new EventCatalogue([OrderPlaced]);
