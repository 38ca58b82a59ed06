import { BasePriceSet, PriceChanged } from '@app/events';
import { WorkerContext } from '@app/kafka';
import { Repricing } from '@app/pricing';

/**
 * Emits what a repricing tells others: `BasePriceSet` when a base price was set, and
 * `PriceChanged` when the current price moved (from none to one included).
 */
export function announce(ctx: WorkerContext, repricing: Repricing, basePriceSet: boolean): void {
  const { state, previousPrice } = repricing;
  if (basePriceSet) ctx.emit(BasePriceSet, state);
  if (state.price === null || state.basePrice === null || state.price === previousPrice) return;
  ctx.emit(PriceChanged, {
    ...state,
    price: state.price,
    basePrice: state.basePrice,
    previousPrice,
  });
}
