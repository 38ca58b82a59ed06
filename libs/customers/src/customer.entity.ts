import { Address, CustomerState } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the customers view: the latest state of each customer that exists. */
@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryColumn('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  email!: string;

  @Column('jsonb')
  address!: Address;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Returns the state that events and API responses carry. */
  static toState(entity: CustomerEntity): CustomerState {
    return {
      customerId: entity.customerId,
      name: entity.name,
      email: entity.email,
      address: entity.address,
      version: entity.version,
    };
  }
}
