import { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the customers view: one row per customer, emails unique, listed by creation time. */
export class CreateCustomers1732350000100 implements MigrationInterface {
  name = 'CreateCustomers1732350000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE customers (
        customer_id uuid        PRIMARY KEY,
        name        text        NOT NULL,
        email       text        NOT NULL,
        address     jsonb       NOT NULL,
        version     integer     NOT NULL,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        CONSTRAINT customers_email_key UNIQUE (email)
      )`);
    await runner.query(`CREATE INDEX customers_listing_idx ON customers (created_at, customer_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE customers`);
  }
}
