import { FlowState } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the flows view: the latest state of each flow. */
@Entity({ name: 'flows' })
export class FlowEntity {
  @PrimaryColumn('uuid', { name: 'flow_id' })
  flowId!: string;

  @Column('text')
  name!: string;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  /** Returns the state that events and API responses carry. */
  static toState(entity: FlowEntity): FlowState {
    return {
      flowId: entity.flowId,
      name: entity.name,
      version: entity.version,
    };
  }
}
