import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FlowSummary, StoredFlowState } from './flow-rules';

/** A row of the flows view: what the hops of one flow say about it. */
@Entity({ name: 'flows' })
export class FlowEntity {
  @PrimaryColumn('text', { name: 'correlation_id' })
  correlationId!: string;

  @Column('text')
  flow!: string;

  @Column('text')
  state!: StoredFlowState;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('timestamptz', { name: 'last_hop_at' })
  lastHopAt!: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt!: Date | null;

  @Column('text', { nullable: true })
  acknowledgement!: string | null;

  /** Returns the summary the flow rules work with. */
  static toSummary(entity: FlowEntity): FlowSummary {
    return {
      flow: entity.flow,
      state: entity.state,
      startedAt: entity.startedAt,
      lastHopAt: entity.lastHopAt,
      ...(entity.endedAt ? { endedAt: entity.endedAt } : {}),
    };
  }
}
