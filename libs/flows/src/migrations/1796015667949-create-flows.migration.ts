import { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates the flows view: one row per flow. */
export class CreateFlows1796015667949 implements MigrationInterface {
  name = 'CreateFlows1796015667949';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE flows (
        flow_id uuid        PRIMARY KEY,
        name        text        NOT NULL,
        version     integer     NOT NULL,
        created_at  timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE flows`);
  }
}
