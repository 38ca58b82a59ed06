import { TopicAssignment } from '../broker/broker-consumer';
import { WorkerDefaults } from './kafka-worker.constants';

/** A snapshot of the worker's state, for health checks. */
export interface WorkerStatusSnapshot {
  readonly connected: boolean;
  readonly joined: boolean;
  readonly assigned: readonly TopicAssignment[];
  readonly lastBatchAt?: Date;
  /** When the broker last answered the consumer (a join, a heartbeat, a fetch). */
  readonly lastContactAt?: Date;
  readonly crashed?: string;
  readonly shuttingDown: boolean;
  /** The age of the oldest outbox row not yet published, when last read. */
  readonly outboxOldestAgeSeconds?: number;
  /** Names the outbox row that has waited past the threshold, while one does. */
  readonly stuckOutbox?: string;
}

/** Tracks the consumer's membership and progress; readiness derives from it. */
export class WorkerStatus {
  private state: WorkerStatusSnapshot = {
    connected: false,
    joined: false,
    assigned: [],
    shuttingDown: false,
  };

  /**
   * @param silenceMs how long the broker may stay silent before the worker is not ready: past a
   *   session timeout the group has moved its partitions anyway.
   */
  constructor(
    private readonly silenceMs: number = WorkerDefaults.sessionTimeoutMs,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns the current state. */
  snapshot(): WorkerStatusSnapshot {
    return this.state;
  }

  /**
   * Tells whether the worker can take work: connected, in its group, heard from the broker within
   * the silence budget (a broker that went away is not noticed by the client for a while), not
   * crashed, not stopping, its outbox not stuck.
   */
  isReady(): boolean {
    const s = this.state;
    const heard =
      s.lastContactAt !== undefined && this.now() - s.lastContactAt.getTime() <= this.silenceMs;
    return (
      s.connected &&
      s.joined &&
      heard &&
      s.crashed === undefined &&
      !s.shuttingDown &&
      s.stuckOutbox === undefined
    );
  }

  /** Records a change of state; connecting and joining are the broker answering. */
  update(change: Partial<WorkerStatusSnapshot>): void {
    const answered = change.connected === true || change.joined === true;
    this.state = {
      ...this.state,
      ...(answered && { lastContactAt: new Date(this.now()) }),
      ...change,
    };
  }

  /** Records that the broker answered (a heartbeat, a fetch). */
  heard(): void {
    this.state = { ...this.state, lastContactAt: new Date(this.now()) };
  }
}
