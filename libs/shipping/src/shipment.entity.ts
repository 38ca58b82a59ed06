import { Recipient, ShipmentState, ShipmentStatus } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the shipments view: the latest state of the shipment of one order. */
@Entity({ name: 'shipments' })
export class ShipmentEntity {
  @PrimaryColumn('uuid', { name: 'shipment_id' })
  shipmentId!: string;

  @Column('uuid', { name: 'order_id' })
  orderId!: string;

  @Column('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('text')
  status!: ShipmentStatus;

  @Column('jsonb', { nullable: true })
  recipient!: Recipient | null;

  @Column('integer', { name: 'address_version', nullable: true })
  addressVersion!: number | null;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Returns the state that events and API responses carry. */
  static toState(entity: ShipmentEntity): ShipmentState {
    return {
      shipmentId: entity.shipmentId,
      orderId: entity.orderId,
      customerId: entity.customerId,
      status: entity.status,
      recipient: entity.recipient,
      addressVersion: entity.addressVersion,
      version: entity.version,
    };
  }
}
