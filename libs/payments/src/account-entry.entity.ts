import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn } from './money-column';

/** What changed a confirmed balance: a deposit, or one step of a payment. */
export type EntryKind = 'deposit' | 'debit' | 'credit' | 'reversal';

/** A ledger line: one change of one account's confirmed balance, and the balance after it. */
@Entity({ name: 'account_entries' })
export class AccountEntryEntity {
  @PrimaryColumn('bigint', { name: 'entry_id', transformer: moneyColumn })
  entryId!: number;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  kind!: EntryKind;

  /** Signed, minor units: negative for a debit. */
  @Column('bigint', { transformer: moneyColumn })
  amount!: number;

  @Column('bigint', { name: 'balance_after', transformer: moneyColumn })
  balanceAfter!: number;

  @Column('uuid', { name: 'payment_id', nullable: true })
  paymentId!: string | null;

  @Column('uuid', { name: 'deposit_id', nullable: true })
  depositId!: string | null;

  @Column('timestamptz')
  at!: Date;
}
