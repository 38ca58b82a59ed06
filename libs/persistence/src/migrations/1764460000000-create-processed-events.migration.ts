import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the inbox of processed event ids: per consumer group, the CloudEvents `source` and `id`
 * of each event applied, so that a record duplicated upstream (a producer's retry, a replay, an
 * app that sends again) is applied once, whatever its offset.
 */
export class CreateProcessedEvents1764460000000 implements MigrationInterface {
  name = 'CreateProcessedEvents1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE processed_events (
        group_id     text        NOT NULL,
        source       text        NOT NULL,
        event_id     text        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, source, event_id)
      )`);
    await runner.query(
      `CREATE INDEX processed_events_age_idx ON processed_events (group_id, processed_at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE processed_events`);
  }
}
