import { SkuPrice } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the prices view: what pricing knows of one sku it has heard of. */
@Entity({ name: 'sku_prices' })
export class SkuPriceEntity {
  @PrimaryColumn('text')
  sku!: string;

  @Column('integer', { name: 'base_price', nullable: true })
  basePrice!: number | null;

  @Column('integer', { nullable: true })
  price!: number | null;

  @Column('integer')
  demand!: number;

  @Column('timestamptz', { name: 'as_of' })
  asOf!: Date;

  @Column('integer')
  version!: number;

  /** Returns the state that events and API responses carry. */
  static toState(entity: SkuPriceEntity): SkuPrice {
    return {
      sku: entity.sku,
      basePrice: entity.basePrice,
      price: entity.price,
      demand: entity.demand,
      asOf: entity.asOf.toISOString(),
      version: entity.version,
    };
  }
}
