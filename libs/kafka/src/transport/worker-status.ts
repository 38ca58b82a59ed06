import { TopicAssignment } from '../broker/broker-consumer';

/** A snapshot of the worker's state, for health checks. */
export interface WorkerStatusSnapshot {
  readonly connected: boolean;
  readonly joined: boolean;
  readonly assigned: readonly TopicAssignment[];
  readonly lastBatchAt?: Date;
  readonly crashed?: string;
  readonly shuttingDown: boolean;
}

/** Tracks the consumer's membership and progress; readiness derives from it. */
export class WorkerStatus {
  private state: WorkerStatusSnapshot = {
    connected: false,
    joined: false,
    assigned: [],
    shuttingDown: false,
  };

  /** Returns the current state. */
  snapshot(): WorkerStatusSnapshot {
    return this.state;
  }

  /** Tells whether the worker can take work: connected, in its group, not crashed, not stopping. */
  isReady(): boolean {
    const s = this.state;
    return s.connected && s.joined && s.crashed === undefined && !s.shuttingDown;
  }

  /** Records a change of state. */
  update(change: Partial<WorkerStatusSnapshot>): void {
    this.state = { ...this.state, ...change };
  }
}
