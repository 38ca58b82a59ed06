/** What `BatchGroups` needs to know of a queued batch. */
export interface Sized {
  readonly size: number;
}

/**
 * Gathers the batches that arrive in the same turn of the event loop (kafkajs hands out the
 * batches of one fetch together) into groups of at most `maxEvents` events (a batch is never
 * split), each run as one transaction. `run` settles its own batches and must not reject.
 */
export class BatchGroups<J extends Sized> {
  private queue: J[] = [];

  constructor(
    private readonly run: (group: J[]) => Promise<void>,
    private readonly maxEvents: number,
  ) {}

  /** Queues a batch; it runs in a group once the current turn of the event loop ends. */
  add(job: J): void {
    this.queue.push(job);
    if (this.queue.length === 1) setImmediate(() => this.drain());
  }

  private drain(): void {
    const jobs = this.queue;
    this.queue = [];
    let group: J[] = [];
    let size = 0;
    for (const job of jobs) {
      if (group.length > 0 && size + job.size > this.maxEvents) {
        void this.run(group);
        [group, size] = [[], 0];
      }
      group.push(job);
      size += job.size;
    }
    void this.run(group);
  }
}
