/** Raised when a batch must be dropped unapplied: its partition was revoked or the worker is stopping. */
export class BatchAbandonedError extends Error {
  readonly retriable = false;

  constructor(topic: string, partition: number) {
    super(
      `Batch of ${topic}[${partition}] abandoned: the partition was revoked or the worker is stopping.`,
    );
    this.name = new.target.name;
  }
}
