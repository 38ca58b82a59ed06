import { AccountState } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn } from './money-column';

/** A row of the accounts view: an account, its currency and its confirmed balance. */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  owner!: string;

  @Column('text')
  currency!: string;

  /** Confirmed balance in minor units: what completed; never below zero. */
  @Column('bigint', { transformer: moneyColumn })
  balance!: number;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Returns the state that facts and API answers carry. */
  static toState(entity: AccountEntity): AccountState {
    return {
      accountId: entity.accountId,
      owner: entity.owner,
      currency: entity.currency,
      status: entity.closedAt ? 'closed' : 'open',
      balance: entity.balance,
    };
  }
}
