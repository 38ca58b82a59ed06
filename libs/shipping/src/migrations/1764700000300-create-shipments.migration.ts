import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the shipments view (one shipment per order) and the replica of customers' names and
 * addresses it is addressed from (a delete is kept as a tombstone row).
 */
export class CreateShipments1764700000300 implements MigrationInterface {
  name = 'CreateShipments1764700000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE shipments (
        shipment_id     uuid        PRIMARY KEY,
        order_id        uuid        NOT NULL,
        customer_id     uuid        NOT NULL,
        status          text        NOT NULL,
        recipient       jsonb,
        address_version integer,
        version         integer     NOT NULL,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        CONSTRAINT shipments_order_key UNIQUE (order_id)
      )`);
    await runner.query(`CREATE INDEX shipments_customer_idx ON shipments (customer_id)`);
    await runner.query(`
      CREATE TABLE customer_addresses (
        customer_id uuid    PRIMARY KEY,
        name        text,
        address     jsonb,
        version     integer NOT NULL,
        deleted     boolean NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE customer_addresses, shipments`);
  }
}
