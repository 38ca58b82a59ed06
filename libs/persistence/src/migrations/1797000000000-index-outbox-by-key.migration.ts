import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the outbox by topic and key: a row is published only once no older row of its key
 * waits, whatever input partition wrote it (an entity's facts may come from batches of several
 * partitions), and both the closing statement and the flusher look that up.
 */
export class IndexOutboxByKey1797000000000 implements MigrationInterface {
  name = 'IndexOutboxByKey1797000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX outbox_key_idx ON outbox (topic, key, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX outbox_key_idx`);
  }
}
