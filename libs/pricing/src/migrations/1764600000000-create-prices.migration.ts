import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the prices view (one row per sku pricing has heard of) and the units each order
 * asked of each sku, kept while they may still count in the sku's demand window.
 */
export class CreatePrices1764600000000 implements MigrationInterface {
  name = 'CreatePrices1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sku_prices (
        sku        text        PRIMARY KEY,
        base_price integer     NULL,
        price      integer     NULL,
        demand     integer     NOT NULL,
        as_of      timestamptz NOT NULL,
        version    integer     NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE sku_orders (
        sku        text        NOT NULL,
        order_id   uuid        NOT NULL,
        quantity   integer     NOT NULL,
        ordered_at timestamptz NOT NULL,
        PRIMARY KEY (sku, order_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE sku_orders`);
    await runner.query(`DROP TABLE sku_prices`);
  }
}
