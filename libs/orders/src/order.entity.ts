import { OrderItem, PaymentFailure } from '@app/events';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrderStatus } from './orders.constants';

/** A row of the orders view: each order the worker accepted, at its latest state. */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('text')
  status!: OrderStatus;

  @Column('jsonb')
  items!: OrderItem[];

  /** The sum of quantity times unit price over the items, in minor units. */
  @Column('bigint', { transformer: { to: (n: number) => n, from: (s: string) => Number(s) } })
  total!: number;

  /** 0 while awaiting its customer, 1 once placed, one more per change after. */
  @Column('integer')
  version!: number;

  /** The tracking id of the request that placed it (answered once the order is decided). */
  @Column('text', { name: 'tracking_id' })
  trackingId!: string;

  /** The tracking id of the customer creation it waits for, while `awaiting-customer`. */
  @Index()
  @Column('text', { name: 'customer_tracking_id', nullable: true })
  customerTrackingId!: string | null;

  /** Why payments could not charge it, while `payment-failed` (and after, if cancelled). */
  @Column('jsonb', { name: 'payment_failure', nullable: true })
  paymentFailure!: PaymentFailure | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Returns the order as API responses carry it. */
  static toState(entity: OrderEntity): OrderState {
    return {
      orderId: entity.orderId,
      customerId: entity.customerId,
      status: entity.status,
      items: entity.items,
      total: entity.total,
      version: entity.version,
      paymentFailure: entity.paymentFailure ?? null,
    };
  }
}

/** An order as the API answers it. */
export interface OrderState {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly items: OrderItem[];
  readonly total: number;
  readonly version: number;
  readonly paymentFailure: PaymentFailure | null;
}
