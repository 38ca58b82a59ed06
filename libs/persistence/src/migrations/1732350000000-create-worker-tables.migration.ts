import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the tables every worker needs: stored partition positions, the outbox and the
 * outcomes of tracked requests. Unqualified names land in the connection's search_path schema.
 */
export class CreateWorkerTables1732350000000 implements MigrationInterface {
  name = 'CreateWorkerTables1732350000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE consumer_offsets (
        group_id    text        NOT NULL,
        topic       text        NOT NULL,
        partition   integer     NOT NULL,
        next_offset bigint      NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, topic, partition)
      )`);
    await runner.query(`
      CREATE TABLE outbox (
        id               bigserial   PRIMARY KEY,
        event_id         text        NOT NULL,
        topic            text        NOT NULL,
        key              text,
        value            bytea,
        headers          jsonb       NOT NULL,
        source_topic     text        NOT NULL,
        source_partition integer     NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX outbox_source_idx ON outbox (source_topic, source_partition, id)`,
    );
    await runner.query(`
      CREATE TABLE request_outcomes (
        tracking_id text        PRIMARY KEY,
        status      text        NOT NULL CHECK (status IN ('accepted', 'rejected')),
        event_type  text,
        reason_code text,
        reason      text,
        result      jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE request_outcomes`);
    await runner.query(`DROP TABLE outbox`);
    await runner.query(`DROP TABLE consumer_offsets`);
  }
}
