import { OutboxSource, StoredOutboxRecord } from '@app/persistence';
import { BatchGroups } from '../pipeline/batch-groups';
import { PartitionBatch } from '../pipeline/partition-batch';
import { AppliedBatch, BatchTransaction, sourceOf } from './batch-transaction';
import { EventFate } from './event-fate';

/** Batches join a shared transaction while it holds fewer events than this (a batch is never split). */
const MAX_EVENTS_PER_SHARED_TRANSACTION = 500;

/** Publishes what committed transactions wrote to the outbox. */
export interface OutboxPublisher {
  flushAll(
    partitions: readonly { source: OutboxSource; written?: readonly StoredOutboxRecord[] }[],
  ): Promise<void>;
}

/** Hears, after publication, what became of each event of a committed batch. */
export type FateListener = (batch: PartitionBatch, fates: readonly EventFate[]) => void;

/** A batch waiting for its transaction, and how to tell its caller how it went. */
interface Job {
  readonly batch: PartitionBatch;
  readonly size: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The terminal step of the pipeline, ARCHITECTURE §2 in code: group -> lock -> run -> close ->
 * publish. Batches of several partitions that arrive together (one fetch hands out several)
 * share one transaction, and their outputs one send: per partition, the effects and guarantees
 * are those of a transaction of its own, at a fraction of the round trips. When a shared
 * transaction fails, each of its batches runs again alone, so that a failure is only ever its
 * own batch's, as the retry and isolation steps upstream expect.
 */
export class MaterializeHandler {
  /** The batches that arrive together share a transaction. */
  private readonly groups = new BatchGroups<Job>(
    (jobs) => this.runGroup(jobs),
    MAX_EVENTS_PER_SHARED_TRANSACTION,
  );

  constructor(
    private readonly transaction: BatchTransaction,
    private readonly publisher: OutboxPublisher,
    private readonly onFates: FateListener = () => undefined,
  ) {}

  /** Applies the batch exactly once and publishes what it emitted. */
  readonly handle = async (batch: PartitionBatch): Promise<void> => {
    if (batch.items.length === 0) return;
    await new Promise<void>((resolve, reject) =>
      this.groups.add({ batch, size: batch.items.length, resolve, reject }),
    );
  };

  /** Commits the jobs' batches in one transaction (each alone if a shared one fails), then publishes. */
  private async runGroup(jobs: Job[]): Promise<void> {
    if (jobs.length > 1) {
      const applied = await this.transact(jobs).catch(() => undefined);
      // On failure, which batch failed, and how, is for its own transaction to tell.
      if (applied) return this.publish(jobs, applied);
    }
    for (const job of jobs) {
      try {
        await this.publish([job], await this.transact([job]));
      } catch (error) {
        job.reject(error);
      }
    }
  }

  private transact(jobs: readonly Job[]): Promise<AppliedBatch[]> {
    return this.transaction.apply(jobs.map((job) => job.batch));
  }

  /** Publishes what the committed batches emitted, then reports and settles each; never rejects. */
  private async publish(jobs: readonly Job[], applied: readonly AppliedBatch[]): Promise<void> {
    try {
      await this.publisher.flushAll(
        jobs.map((job, i) => ({ source: sourceOf(job.batch), written: applied[i].written })),
      );
      jobs.forEach((job, i) => this.onFates(job.batch, applied[i].fates));
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const job of jobs) job.resolve();
  }
}
