import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn } from './money-column';
import { OrderChargeStatus } from './order-charge-rules';

/** A row of the order charges: what payments did about one placed order's money. */
@Entity({ name: 'order_charges' })
export class OrderChargeEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  /** The order's total, minor units. */
  @Column('bigint', { transformer: moneyColumn })
  amount!: number;

  @Column('text')
  status!: OrderChargeStatus;

  /** The payment from the customer's account to the shop's; null when none was requested. */
  @Column('uuid', { name: 'payment_id', nullable: true })
  paymentId!: string | null;

  /** The payment back to the customer, once a charged order is cancelled. */
  @Column('uuid', { name: 'refund_id', nullable: true })
  refundId!: string | null;

  /** The order was cancelled: a charge still under way is refunded when it completes. */
  @Column('boolean')
  cancelled!: boolean;

  @Column('text', { name: 'failure_code', nullable: true })
  failureCode!: string | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
