import {
  BatchClose,
  BatchLedger,
  ClosedPartition,
  OutboxSource,
  RequestOutcome,
} from '@app/persistence';
import { EntityManager } from 'typeorm';

/** What the ledger keeps; a rolled-back transaction leaves it as it was. */
interface LedgerState {
  positions: Map<string, bigint>;
  outcomes: Map<string, RequestOutcome>;
  closes: BatchClose[];
  undone: number;
}

/**
 * A batch ledger in memory, for unit specs of what runs on top of it: a transaction that rejects
 * leaves no trace, and the ledger counts its transactions, event marks and undos.
 */
export class InMemoryBatchLedger implements BatchLedger {
  private state: LedgerState = { positions: new Map(), outcomes: new Map(), closes: [], undone: 0 };
  /** Transactions begun, committed or not. */
  transactions = 0;
  /** The manager handlers get: it has no methods, so a write through it fails. */
  readonly manager = {} as EntityManager;

  /** Returns the closes of committed transactions, in order. */
  get closes(): readonly BatchClose[] {
    return this.state.closes;
  }

  /** Returns the outcome recorded for a request by a committed transaction. */
  outcome(trackingId: string): RequestOutcome | undefined {
    return this.state.outcomes.get(trackingId);
  }

  /** Returns how many events' writes committed transactions undid. */
  get undone(): number {
    return this.state.undone;
  }

  /** Stores a partition's position, as an earlier transaction would have. */
  setPosition(source: OutboxSource, nextOffset: bigint): void {
    this.state.positions.set(keyOf(source), nextOffset);
  }

  /** Records an outcome, as an earlier transaction would have. */
  setOutcome(outcome: RequestOutcome): void {
    this.state.outcomes.set(outcome.trackingId, outcome);
  }

  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    const before = this.state;
    this.state = {
      positions: new Map(before.positions),
      outcomes: new Map(before.outcomes),
      closes: [...before.closes],
      undone: before.undone,
    };
    try {
      return await work(this.manager);
    } catch (error) {
      this.state = before;
      throw error;
    }
  }

  async lockPositions(
    _tx: EntityManager,
    partitions: readonly OutboxSource[],
  ): Promise<(bigint | null)[]> {
    return partitions.map((p) => this.state.positions.get(keyOf(p)) ?? null);
  }

  async findAnswered(_tx: EntityManager, trackingIds: readonly string[]): Promise<Set<string>> {
    return new Set(trackingIds.filter((id) => this.state.outcomes.has(id)));
  }

  async beginEvent(): Promise<void> {}

  async undoEvent(): Promise<void> {
    this.state.undone++;
  }

  async close(_tx: EntityManager, close: BatchClose): Promise<ClosedPartition[]> {
    this.state.closes.push(close);
    for (const p of close.partitions) this.state.positions.set(keyOf(p.source), p.nextOffset);
    for (const outcome of close.outcomes) {
      if (this.state.outcomes.has(outcome.trackingId))
        throw new Error(`Outcome of ${outcome.trackingId} recorded twice.`);
      this.state.outcomes.set(outcome.trackingId, outcome);
    }
    let id = 0;
    return close.partitions.map((p) => ({
      source: p.source,
      stored: p.records.map((record) => ({ ...record, id: String(++id) })),
      olderPending: false,
    }));
  }

  async readPositions(topic: string, partitions: readonly number[]): Promise<Map<number, bigint>> {
    const stored = new Map<number, bigint>();
    for (const partition of partitions) {
      const next = this.state.positions.get(keyOf({ topic, partition }));
      if (next !== undefined) stored.set(partition, next);
    }
    return stored;
  }
}

function keyOf(source: OutboxSource): string {
  return `${source.topic}:${source.partition}`;
}
