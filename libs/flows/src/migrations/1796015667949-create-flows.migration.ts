import { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the flows view: the hops of each flow, and one summary row per flow. */
export class CreateFlows1796015667949 implements MigrationInterface {
  name = 'CreateFlows1796015667949';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE flow_hops (
        correlation_id     text        NOT NULL,
        topic              text        NOT NULL,
        event_id           text        NOT NULL,
        type               text        NOT NULL,
        service            text        NOT NULL,
        kind               text        NOT NULL,
        occurred_at        timestamptz NOT NULL,
        causation_id       text,
        dead_letter_code   text,
        dead_letter_reason text,
        PRIMARY KEY (correlation_id, topic, event_id, kind)
      )`);
    await runner.query(`
      CREATE TABLE flows (
        correlation_id   text        PRIMARY KEY,
        flow             text        NOT NULL,
        state            text        NOT NULL,
        started_at       timestamptz NOT NULL,
        last_hop_at      timestamptz NOT NULL,
        ended_at         timestamptz,
        acknowledged_at  timestamptz,
        acknowledgement  text
      )`);
    // The stuck list and gauge read running flows by their last hop, and the flow types.
    await runner.query(
      `CREATE INDEX flows_running_last_hop ON flows (last_hop_at) WHERE state = 'running'`,
    );
    await runner.query(`CREATE INDEX flows_by_type ON flows (flow)`);
    await runner.query(`CREATE INDEX flows_by_state ON flows (state, last_hop_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE flows`);
    await runner.query(`DROP TABLE flow_hops`);
  }
}
