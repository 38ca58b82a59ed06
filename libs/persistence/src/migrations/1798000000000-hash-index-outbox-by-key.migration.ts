import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Looks outbox rows up by key through a hash index instead of the B-tree `(topic, key, id)`: the
 * lookups are equality on the key alone (topic and id are checked on the few rows found), and a
 * hash entry is a 4-byte hash where a B-tree entry holds the topic and key strings, so each
 * stored row costs less to index.
 */
export class HashIndexOutboxByKey1798000000000 implements MigrationInterface {
  name = 'HashIndexOutboxByKey1798000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX outbox_key_idx`);
    await runner.query(`CREATE INDEX outbox_key_idx ON outbox USING hash (key)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX outbox_key_idx`);
    await runner.query(`CREATE INDEX outbox_key_idx ON outbox (topic, key, id)`);
  }
}
