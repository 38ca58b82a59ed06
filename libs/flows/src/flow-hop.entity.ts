import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Hop, HopKind } from './flow-rules';

/** A hop of a flow: one event, where it was seen, and why it was set apart if it was. */
@Entity({ name: 'flow_hops' })
export class FlowHopEntity {
  @PrimaryColumn('text', { name: 'correlation_id' })
  correlationId!: string;

  @PrimaryColumn('text')
  topic!: string;

  @PrimaryColumn('text', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  type!: string;

  @Column('text')
  service!: string;

  @PrimaryColumn('text')
  kind!: HopKind;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('text', { name: 'causation_id', nullable: true })
  causationId!: string | null;

  @Column('text', { nullable: true })
  subject!: string | null;

  @Column('text', { name: 'from_correlation_id', nullable: true })
  fromCorrelationId!: string | null;

  @Column('text', { name: 'dead_letter_code', nullable: true })
  deadLetterCode!: string | null;

  @Column('text', { name: 'dead_letter_reason', nullable: true })
  deadLetterReason!: string | null;

  /** Returns the hop the flow rules work with. */
  static toHop(entity: FlowHopEntity): Hop {
    return {
      topic: entity.topic,
      eventId: entity.eventId,
      type: entity.type,
      service: entity.service,
      kind: entity.kind,
      time: entity.occurredAt,
      ...(entity.causationId === null ? {} : { causationId: entity.causationId }),
      ...(entity.subject === null ? {} : { subject: entity.subject }),
      ...(entity.fromCorrelationId === null ? {} : { fromFlow: entity.fromCorrelationId }),
      ...(entity.deadLetterCode === null
        ? {}
        : { deadLetter: { code: entity.deadLetterCode, reason: entity.deadLetterReason ?? '' } }),
    };
  }
}
