import { Kafka, logLevel } from 'kafkajs';
import { stackConfig, waitFor } from '@app/testing';
import { Deposit, LedgerHarness } from './ledger-harness';
import { WorkerProcess } from './worker-process';

function deposits(accounts: number, perAccount: number, from = 1): Deposit[] {
  const list: Deposit[] = [];
  for (let seq = from; seq < from + perAccount; seq++) {
    for (let a = 0; a < accounts; a++) list.push({ account: `acc-${a}`, seq, amount: 1 });
  }
  return list;
}

describe('Worker lifecycle (child processes, real Kafka and PostgreSQL)', () => {
  const ledger = new LedgerHarness(4);
  const children: WorkerProcess[] = [];
  const kafka = new Kafka({ brokers: stackConfig().brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();

  beforeAll(async () => {
    await ledger.setUp();
    await admin.connect();
  });
  afterAll(async () => {
    for (const child of children) child.signal('SIGKILL');
    await admin.disconnect();
    await ledger.tearDown();
  });

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
    const stored: { partition: number; next_offset: string }[] = await ledger.db.dataSource.query(
      `SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1`,
      [ledger.groupId],
    );
    const [committed] = await admin.fetchOffsets({
      groupId: ledger.groupId,
      topics: [ledger.inputTopic],
    });
    for (const { partition, next_offset } of stored) {
      const kafkaOffset = committed.partitions.find((p) => p.partition === partition)?.offset;
      expect({ partition, offset: kafkaOffset }).toEqual({ partition, offset: next_offset });
    }
    // The member left the group instead of waiting to be evicted.
    const { groups } = await admin.describeGroups([ledger.groupId]);
    expect(groups[0].members).toHaveLength(0);

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

  it('exits with code 1, not idling, when the consumer gives up for good', async () => {
    const worker = WorkerProcess.start(ledger.workerConfig(), { point: 'consumer-gives-up' });
    children.push(worker);
    await worker.ready;
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(worker.output).toContain('crashed for good');
  });
});
