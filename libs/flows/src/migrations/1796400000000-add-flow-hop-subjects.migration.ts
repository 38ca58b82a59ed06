import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps each hop's record key (its subject, such as an order id), and marks the hops a flow takes
 * from another flow that ends it (an order's cancellation, a request of its own).
 */
export class AddFlowHopSubjects1796400000000 implements MigrationInterface {
  name = 'AddFlowHopSubjects1796400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE flow_hops ADD COLUMN subject text`);
    await runner.query(`ALTER TABLE flow_hops ADD COLUMN from_correlation_id text`);
    // A cancelling fact finds the flows it ends, and such a flow its cancelling facts, by subject.
    await runner.query(
      `CREATE INDEX flow_hops_by_subject ON flow_hops (subject, type)
        WHERE subject IS NOT NULL AND from_correlation_id IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX flow_hops_by_subject`);
    await runner.query(`ALTER TABLE flow_hops DROP COLUMN from_correlation_id`);
    await runner.query(`ALTER TABLE flow_hops DROP COLUMN subject`);
  }
}
