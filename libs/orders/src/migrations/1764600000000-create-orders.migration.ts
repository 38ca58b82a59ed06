import { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the orders view (listed by customer and status, oldest first) and the replica of customers. */
export class CreateOrders1764600000000 implements MigrationInterface {
  name = 'CreateOrders1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE orders (
        order_id             uuid        PRIMARY KEY,
        customer_id          uuid        NOT NULL,
        status               text        NOT NULL,
        items                jsonb       NOT NULL,
        total                bigint      NOT NULL CHECK (total >= 0),
        version              integer     NOT NULL CHECK (version >= 0),
        tracking_id          text        NOT NULL,
        customer_tracking_id text,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX orders_listing_idx ON orders (created_at, order_id)`);
    await runner.query(
      `CREATE INDEX orders_customer_idx ON orders (customer_id, created_at, order_id)`,
    );
    await runner.query(
      `CREATE UNIQUE INDEX orders_customer_tracking_idx ON orders (customer_tracking_id)
        WHERE customer_tracking_id IS NOT NULL`,
    );
    await runner.query(`
      CREATE TABLE customer_replicas (
        customer_id uuid    PRIMARY KEY,
        version     integer NOT NULL,
        deleted     boolean NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE customer_replicas, orders`);
  }
}
