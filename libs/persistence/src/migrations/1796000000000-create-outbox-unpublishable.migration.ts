import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `outbox_unpublishable`: outbox rows the broker refused for a reason no retry cures
 * (too large, invalid), set aside with the refusal so that publication goes on behind them.
 * An operator inspects them there, and may republish a fixed copy.
 */
export class CreateOutboxUnpublishable1796000000000 implements MigrationInterface {
  name = 'CreateOutboxUnpublishable1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    // The outbox's columns as they are (its id kept as the key), plus the refusal.
    await runner.query(`
      CREATE TABLE outbox_unpublishable (
        LIKE outbox,
        reason       text        NOT NULL,
        error        text        NOT NULL,
        set_aside_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox_unpublishable`);
  }
}
