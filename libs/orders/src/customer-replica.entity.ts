import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of the orders' replica of customers, kept from `customers.events`: the latest version
 * seen of each customer, a delete kept as a tombstone so that an older fact cannot revive it.
 */
@Entity({ name: 'customer_replicas' })
export class CustomerReplicaEntity {
  @PrimaryColumn('uuid', { name: 'customer_id' })
  customerId!: string;

  @Column('integer')
  version!: number;

  @Column('boolean')
  deleted!: boolean;
}
