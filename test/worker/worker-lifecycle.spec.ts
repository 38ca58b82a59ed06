import { Kafka, logLevel } from 'kafkajs';
import { stackConfig, waitFor } from '@app/testing';
import { CONTRACT_CLIENTS } from './contract-clients';
import { Deposit, LedgerHarness } from './ledger-harness';
import { WorkerProcess } from './worker-process';

/** What the broker says about a ledger's group, beside what PostgreSQL stores. */
class GroupProbe {
  private readonly admin = new Kafka({
    brokers: stackConfig().brokers,
    logLevel: logLevel.NOTHING,
  }).admin();

  connect(): Promise<void> {
    return this.admin.connect();
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }

  /** Counts the group's members. */
  async members(groupId: string): Promise<number> {
    const { groups } = await this.admin.describeGroups([groupId]);
    return groups[0].members.length;
  }

  /** The positions stored in PostgreSQL and the group's offsets committed in Kafka, per partition stored. */
  async storedAndCommitted(
    harness: LedgerHarness,
  ): Promise<{ stored: Record<number, string>; committed: Record<number, string | undefined> }> {
    const rows: { partition: number; next_offset: string }[] = await harness.db.dataSource.query(
      `SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND next_offset >= 0`,
      [harness.groupId],
    );
    const [committed] = await this.admin.fetchOffsets({
      groupId: harness.groupId,
      topics: [harness.inputTopic],
    });
    const byPartition = new Map(committed.partitions.map((p) => [p.partition, p.offset]));
    return {
      stored: Object.fromEntries(rows.map((row) => [row.partition, row.next_offset])),
      committed: Object.fromEntries(
        rows.map((row) => [row.partition, byPartition.get(row.partition)]),
      ),
    };
  }
}

function deposits(accounts: number, perAccount: number, from = 1): Deposit[] {
  const list: Deposit[] = [];
  for (let seq = from; seq < from + perAccount; seq++) {
    for (let a = 0; a < accounts; a++) list.push({ account: `acc-${a}`, seq, amount: 1 });
  }
  return list;
}

/** Sets up a ledger, its children and a probe for the enclosing describe, and tears them down. */
function lifecycleFixture(ledger: LedgerHarness) {
  const children: WorkerProcess[] = [];
  const probe = new GroupProbe();
  beforeAll(async () => {
    await ledger.setUp();
    await probe.connect();
  });
  afterAll(async () => {
    for (const child of children) child.signal('SIGKILL');
    await probe.close();
    await ledger.tearDown();
  });
  return { ledger, children, probe };
}

describe.each(CONTRACT_CLIENTS)(
  'Worker lifecycle on %s (child processes, real Kafka and PostgreSQL)',
  (name, options) => {
    const { ledger, children, probe } = lifecycleFixture(new LedgerHarness(4, [name, options]));

    it('stops gracefully on SIGTERM: finishes the batch, publishes, commits offsets up to the stored position, leaves', async () => {
      const worker = WorkerProcess.start(ledger.workerConfig({ maxBatchSize: 50 }));
      children.push(worker);
      await worker.ready;
      await ledger.send(deposits(20, 100));
      await waitFor(
        () => ledger.applications(),
        (a) => a.total > 200,
        { what: 'work under way' },
      );

      const signalledAt = Date.now();
      worker.signal('SIGTERM');
      const exit = await worker.exited;
      const stopMs = Date.now() - signalledAt;
      expect(exit.signal ?? exit.code).not.toBe('SIGKILL');
      expect(stopMs).toBeLessThan(10_000 + 5_000); // shutdown budget of the fixture + process exit

      // Nothing left half-done: every committed batch was published and its offset committed.
      expect(await ledger.outboxBacklog()).toBe(0);
      const offsets = await probe.storedAndCommitted(ledger);
      expect(offsets.committed).toEqual(offsets.stored);
      // The member left the group instead of waiting to be evicted.
      expect(await probe.members(ledger.groupId)).toBe(0);

      // A new worker finishes the rest, exactly once.
      const next = WorkerProcess.start(ledger.workerConfig());
      children.push(next);
      await next.ready;
      const applied = await waitFor(
        () => ledger.applications(),
        (a) => a.total >= 2000,
        { timeoutMs: 60_000, what: 'all 2000 deposits' },
      );
      expect(applied).toEqual({ total: 2000, distinct: 2000 });
      next.signal('SIGTERM');
      await next.exited;
    });
  },
);

describe('Worker lifecycle, crashes (child processes, real Kafka and PostgreSQL)', () => {
  const { ledger, children, probe } = lifecycleFixture(new LedgerHarness(4));

  it("brings the broker's committed offset up to the stored position after a SIGKILL between the two commits, with nothing new to consume", async () => {
    const own = new LedgerHarness(2);
    await own.setUp();
    try {
      const crashing = WorkerProcess.start(own.workerConfig(), { point: 'after-commit', after: 1 });
      children.push(crashing);
      await crashing.ready;
      await own.send([{ account: 'acc-0', seq: 1, amount: 5 }]);
      expect((await crashing.exited).signal).toBe('SIGKILL');
      const atKill = await probe.storedAndCommitted(own);
      expect(Object.values(atKill.stored)).toEqual(['1']);
      expect(atKill.committed).not.toEqual(atKill.stored);

      const next = WorkerProcess.start(own.workerConfig());
      children.push(next);
      await next.ready;
      const caughtUp = await waitFor(
        () => probe.storedAndCommitted(own),
        (offsets) => JSON.stringify(offsets.committed) === JSON.stringify(offsets.stored),
        { timeoutMs: 30_000, what: 'the broker commit of the stored position' },
      );
      expect(caughtUp.committed).toEqual(caughtUp.stored);
      expect(await own.applications()).toEqual({ total: 1, distinct: 1 });
      next.signal('SIGTERM');
      await next.exited;
    } finally {
      await own.tearDown();
    }
  });

  it('exits with code 1, not idling, when the consumer gives up for good', async () => {
    const worker = WorkerProcess.start(ledger.workerConfig(), { point: 'consumer-gives-up' });
    children.push(worker);
    await worker.ready;
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(worker.output).toContain('crashed for good');
  });
});
