import { Injectable } from '@nestjs/common';
import { KafkaWorkerTransport } from './kafka-worker.transport';

/**
 * Readiness of a worker: its consumer is connected, in its group, heard from the broker within a
 * session timeout, not crashed, not stopping, and no outbox row waits past its threshold.
 */
@Injectable()
export class WorkerReadiness {
  readonly name = 'kafka-consumer';

  constructor(private readonly transport: KafkaWorkerTransport) {}

  /** Reports the consumer's membership and last batch time. */
  async check(): Promise<{ up: boolean; details: Record<string, unknown> }> {
    const snapshot = this.transport.health.snapshot();
    return {
      up: this.transport.health.isReady(),
      details: {
        connected: snapshot.connected,
        joined: snapshot.joined,
        assigned: snapshot.assigned,
        lastBatchAt: snapshot.lastBatchAt?.toISOString() ?? null,
        lastContactAt: snapshot.lastContactAt?.toISOString() ?? null,
        crashed: snapshot.crashed ?? null,
        shuttingDown: snapshot.shuttingDown,
        outboxOldestAgeSeconds: snapshot.outboxOldestAgeSeconds ?? null,
        stuckOutbox: snapshot.stuckOutbox ?? null,
      },
    };
  }
}
