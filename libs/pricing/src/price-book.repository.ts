import { SkuPrice } from '@app/events';
import { EntityManager } from 'typeorm';
import { DemandRule, demandInWindow, demandPrice, windowStart } from './demand-rule';
import { SkuPriceEntity } from './sku-price.entity';

/** A sku's pricing state after a change, and its current price before it. */
export interface Repricing {
  readonly state: SkuPrice;
  readonly previousPrice: number | null;
}

interface PriceRow {
  base_price: number | null;
  price: number | null;
  as_of: Date;
  version: number;
}

interface OrderRow {
  quantity: number;
  ordered_at: Date;
}

/**
 * The prices view and the demand behind it, written in the batch transaction. Every change of a
 * sku first locks its price row, so that workers handling orders of one sku on several
 * partitions apply them one at a time.
 */
export class PriceBook {
  constructor(
    private readonly manager: EntityManager,
    private readonly rule: DemandRule,
  ) {}

  /**
   * Counts an order's units of each of its skus (the order's lines summed per sku) at the
   * order's event time, and reprices those skus. Returns the repricing of each sku the order
   * changed: none for an order already counted, or too old to count in its sku's window.
   */
  async recordOrder(
    orderId: string,
    lines: readonly { sku: string; quantity: number }[],
    orderedAt: Date,
  ): Promise<Repricing[]> {
    const units = new Map<string, number>();
    for (const line of lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
    const repricings: Repricing[] = [];
    // Skus in one fixed order, so that two orders of the same skus never wait on each other.
    for (const sku of [...units.keys()].sort()) {
      const current = await this.lock(sku, orderedAt);
      const asOf = latest(current.as_of, orderedAt);
      if (orderedAt <= windowStart(asOf, this.rule)) continue;
      const inserted: unknown[] = await this.manager.query(
        `INSERT INTO sku_orders (sku, order_id, quantity, ordered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [sku, orderId, units.get(sku), orderedAt],
      );
      if (inserted.length === 0) continue;
      repricings.push(await this.reprice(sku, current, current.base_price, asOf));
    }
    return repricings;
  }

  /** Sets a sku's base price at the command's event time, and reprices it. */
  async setBasePrice(sku: string, basePrice: number, at: Date): Promise<Repricing> {
    const current = await this.lock(sku, at);
    return this.reprice(sku, current, basePrice, latest(current.as_of, at));
  }

  /** Creates the sku's row if pricing never heard of it, then locks and reads it. */
  private async lock(sku: string, at: Date): Promise<PriceRow> {
    await this.manager.query(
      `INSERT INTO sku_prices (sku, base_price, price, demand, as_of, version)
       VALUES ($1, NULL, NULL, 0, $2, 0) ON CONFLICT DO NOTHING`,
      [sku, at],
    );
    const rows: PriceRow[] = await this.manager.query(
      `SELECT base_price, price, as_of, version FROM sku_prices WHERE sku = $1 FOR UPDATE`,
      [sku],
    );
    return rows[0];
  }

  /**
   * Recounts the sku's demand in the window ending at `asOf`, forgets the orders that no
   * longer count (the window's end never moves back), and stores the price the rule gives.
   */
  private async reprice(
    sku: string,
    current: PriceRow,
    basePrice: number | null,
    asOf: Date,
  ): Promise<Repricing> {
    const start = windowStart(asOf, this.rule);
    await this.manager.query(`DELETE FROM sku_orders WHERE sku = $1 AND ordered_at <= $2`, [
      sku,
      start,
    ]);
    const orders: OrderRow[] = await this.manager.query(
      `SELECT quantity, ordered_at FROM sku_orders WHERE sku = $1`,
      [sku],
    );
    const demand = demandInWindow(
      orders.map((order) => ({ quantity: order.quantity, orderedAt: order.ordered_at })),
      asOf,
      this.rule,
    );
    const next: SkuPriceEntity = Object.assign(new SkuPriceEntity(), {
      sku,
      basePrice,
      price: basePrice === null ? null : demandPrice(basePrice, demand, this.rule),
      demand,
      asOf,
      version: current.version + 1,
    });
    await this.manager.query(
      `UPDATE sku_prices SET base_price = $2, price = $3, demand = $4, as_of = $5, version = $6
       WHERE sku = $1`,
      [sku, next.basePrice, next.price, next.demand, next.asOf, next.version],
    );
    return { state: SkuPriceEntity.toState(next), previousPrice: current.price };
  }
}

function latest(a: Date, b: Date): Date {
  return a >= b ? a : b;
}
