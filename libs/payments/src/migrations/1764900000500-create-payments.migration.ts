import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the payments views: accounts with their confirmed balance (never below zero), payments
 * with where each one is in its flow, and the ledger lines of every change of a balance.
 */
export class CreatePayments1764900000500 implements MigrationInterface {
  name = 'CreatePayments1764900000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts (
        account_id uuid        PRIMARY KEY,
        owner      text        NOT NULL,
        currency   text        NOT NULL,
        balance    bigint      NOT NULL DEFAULT 0,
        closed_at  timestamptz,
        opened_at  timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT accounts_balance_not_negative CHECK (balance >= 0)
      )`);
    await runner.query(`CREATE INDEX accounts_owner_idx ON accounts (owner)`);
    await runner.query(`
      CREATE TABLE payments (
        payment_id     uuid        PRIMARY KEY,
        tracking_id    text,
        from_account   uuid        NOT NULL,
        to_account     uuid        NOT NULL,
        amount         bigint      NOT NULL,
        currency       text,
        reference      text,
        status         text        NOT NULL,
        failure_code   text,
        failure_reason text,
        requested_at   timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        CONSTRAINT payments_amount_positive CHECK (amount > 0),
        CONSTRAINT payments_status_known
          CHECK (status IN ('requested', 'debited', 'reversing', 'completed', 'failed'))
      )`);
    // The in-flight view reads the open payments of one account, from either side.
    await runner.query(`
      CREATE INDEX payments_open_from_idx ON payments (from_account)
        WHERE status IN ('requested', 'debited', 'reversing')`);
    await runner.query(`
      CREATE INDEX payments_open_to_idx ON payments (to_account)
        WHERE status IN ('requested', 'debited')`);
    await runner.query(`
      CREATE TABLE account_entries (
        entry_id      bigserial   PRIMARY KEY,
        account_id    uuid        NOT NULL REFERENCES accounts (account_id),
        kind          text        NOT NULL,
        amount        bigint      NOT NULL,
        balance_after bigint      NOT NULL,
        payment_id    uuid        REFERENCES payments (payment_id),
        deposit_id    uuid,
        at            timestamptz NOT NULL,
        CONSTRAINT account_entries_kind_known
          CHECK (kind IN ('deposit', 'debit', 'credit', 'reversal')),
        CONSTRAINT account_entries_sign
          CHECK ((kind = 'debit') = (amount < 0) AND amount <> 0),
        -- Each step of a payment, and each deposit, is written once whatever the redeliveries.
        CONSTRAINT account_entries_payment_step_key UNIQUE (payment_id, kind),
        CONSTRAINT account_entries_deposit_key UNIQUE (deposit_id)
      )`);
    await runner.query(
      `CREATE INDEX account_entries_account_idx ON account_entries (account_id, entry_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE account_entries`);
    await runner.query(`DROP TABLE payments`);
    await runner.query(`DROP TABLE accounts`);
  }
}
