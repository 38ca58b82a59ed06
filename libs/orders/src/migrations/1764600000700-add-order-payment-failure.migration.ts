import { MigrationInterface, QueryRunner } from 'typeorm';

/** Keeps why an order's payment failed, for the customer who reads the order. */
export class AddOrderPaymentFailure1764600000700 implements MigrationInterface {
  name = 'AddOrderPaymentFailure1764600000700';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE orders ADD COLUMN payment_failure jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE orders DROP COLUMN payment_failure`);
  }
}
