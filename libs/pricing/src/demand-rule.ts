/**
 * How demand moves a sku's price: every `stepUnits` units ordered within the window add
 * `stepPercent` percent of the base price, and the result stays within `floorPercent` and
 * `capPercent` of the base price.
 *
 * The window is measured in event time: it is the `windowSeconds` ending at the latest event
 * time the sku has seen (the CloudEvents `time` of its orders and of its base price commands),
 * an order counting when its time is after the window's start and at or before its end. Time
 * moves only with the sku's own events, never with the clock of the worker, so a replay or a
 * lagging worker computes the same prices from the same facts.
 */
export interface DemandRule {
  /** Percent of the base price each step adds (negative: takes away). */
  readonly stepPercent: number;
  /** Units ordered within the window per step. */
  readonly stepUnits: number;
  /** Length of the demand window, in seconds. */
  readonly windowSeconds: number;
  /** The lowest price, in percent of the base price. */
  readonly floorPercent: number;
  /** The highest price, in percent of the base price. */
  readonly capPercent: number;
}

/** One order's units of a sku, at the order's event time. */
export interface OrderedUnits {
  readonly quantity: number;
  readonly orderedAt: Date;
}

/**
 * Returns the price, in minor units, of a sku at `basePrice` with `demand` units ordered in the
 * window: base × clamp(100 + stepPercent × ⌊demand / stepUnits⌋, floor, cap) / 100, rounded
 * half up to a whole minor unit (integer arithmetic, no floating-point cents).
 */
export function demandPrice(basePrice: number, demand: number, rule: DemandRule): number {
  const steps = Math.floor(demand / rule.stepUnits);
  const percent = Math.min(
    rule.capPercent,
    Math.max(rule.floorPercent, 100 + rule.stepPercent * steps),
  );
  return Math.floor((basePrice * percent + 50) / 100);
}

/** Returns the start of the window that ends at `end`: orders at or before it no longer count. */
export function windowStart(end: Date, rule: DemandRule): Date {
  return new Date(end.getTime() - rule.windowSeconds * 1000);
}

/** Returns the units ordered after the start of the window ending at `end`, and at or before `end`. */
export function demandInWindow(
  orders: readonly OrderedUnits[],
  end: Date,
  rule: DemandRule,
): number {
  const start = windowStart(end, rule).getTime();
  return orders
    .filter((order) => order.orderedAt.getTime() > start && order.orderedAt <= end)
    .reduce((units, order) => units + order.quantity, 0);
}
