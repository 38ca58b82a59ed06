import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the order charges: for each placed order, the payment that charges it and, once it is
 * cancelled, the payment that refunds it; and an index to find a customer's open account.
 */
export class CreateOrderCharges1764900000600 implements MigrationInterface {
  name = 'CreateOrderCharges1764900000600';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE order_charges (
        order_id       uuid        PRIMARY KEY,
        customer_id    uuid        NOT NULL,
        amount         bigint      NOT NULL,
        status         text        NOT NULL,
        payment_id     uuid        UNIQUE REFERENCES payments (payment_id),
        refund_id      uuid        UNIQUE REFERENCES payments (payment_id),
        cancelled      boolean     NOT NULL DEFAULT false,
        failure_code   text,
        failure_reason text,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        CONSTRAINT order_charges_amount_not_negative CHECK (amount >= 0),
        CONSTRAINT order_charges_status_known CHECK (status IN
          ('charging', 'charged', 'failed', 'refunding', 'refunded', 'refund-failed'))
      )`);
    // Customer ids are UUIDs, however an owner spelled them when opening the account.
    await runner.query(`
      CREATE INDEX accounts_open_owner_idx ON accounts (lower(owner), opened_at)
        WHERE closed_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX accounts_open_owner_idx`);
    await runner.query(`DROP TABLE order_charges`);
  }
}
