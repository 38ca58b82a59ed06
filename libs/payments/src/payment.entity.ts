import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn } from './money-column';
import { PaymentState } from './payment-state';
import { PaymentStatus } from './payments.constants';

/** A row of the payments view: one payment and where it is in its flow. */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn('uuid', { name: 'payment_id' })
  paymentId!: string;

  /** The request that asked for it, answered when the payment completes or fails (if tracked). */
  @Column('text', { name: 'tracking_id', nullable: true })
  trackingId!: string | null;

  @Column('uuid', { name: 'from_account' })
  from!: string;

  @Column('uuid', { name: 'to_account' })
  to!: string;

  @Column('bigint', { transformer: moneyColumn })
  amount!: number;

  /** The payer account's currency, known once the payer is debited. */
  @Column('text', { nullable: true })
  currency!: string | null;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('text')
  status!: PaymentStatus;

  @Column('text', { name: 'failure_code', nullable: true })
  failureCode!: string | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Returns the state the API answers and a terminal request's outcome records. */
  static toState(entity: PaymentEntity): PaymentState {
    return {
      paymentId: entity.paymentId,
      from: entity.from,
      to: entity.to,
      amount: entity.amount,
      ...(entity.reference === null ? {} : { reference: entity.reference }),
      currency: entity.currency,
      status: entity.status,
      failure:
        entity.failureCode === null
          ? null
          : { code: entity.failureCode, reason: entity.failureReason ?? '' },
    };
  }
}
