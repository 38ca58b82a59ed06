import { stackConfig, waitFor } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Deposit, LedgerHarness } from './ledger-harness';
import { WorkerProcess } from './worker-process';

const deposit = (account: string, seq: number): Deposit => ({ account, seq, amount: 1 });

/**
 * An input topic deleted and created again under a worker's stored positions: its new events
 * start at offset 0, below the positions. The worker stops and says why, rather than taking them
 * for applied ones; once a person removes the stale positions, it applies them.
 */
describe('A recreated input topic (child processes, real Kafka and PostgreSQL)', () => {
  const ledger = new LedgerHarness(1);
  const kafka = new Kafka({ brokers: stackConfig().brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const children: WorkerProcess[] = [];

  beforeAll(async () => {
    await ledger.setUp();
    await admin.connect();
  });
  afterAll(async () => {
    for (const child of children) child.signal('SIGKILL');
    await admin.disconnect();
    await ledger.tearDown();
  });

  function start(): WorkerProcess {
    const worker = WorkerProcess.start(ledger.workerConfig());
    children.push(worker);
    return worker;
  }

  it('stops with an error naming the partition instead of skipping the new events, and applies them once its positions are removed', async () => {
    const first = start();
    await first.ready;
    await ledger.send([1, 2, 3, 4, 5].map((seq) => deposit('old', seq)));
    await waitFor(
      () => ledger.applications(),
      (a) => a.total === 5,
      { what: 'the first five deposits applied' },
    );
    first.signal('SIGTERM');
    await first.exited;

    await admin.deleteTopics({ topics: [ledger.inputTopic] });
    await waitFor(
      async () => (await admin.listTopics()).includes(ledger.inputTopic),
      (present) => !present,
      { what: 'the input topic deleted' },
    );
    await admin.createTopics({
      topics: [{ topic: ledger.inputTopic, numPartitions: 1 }],
      waitForLeaders: true,
    });
    await ledger.send([deposit('new', 1), deposit('new', 2)]);

    const second = start();
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output).toMatch(
      /stored position of test-ledger-in[^[]*\[0\] is 5, past the end of its log \(2\)/,
    );
    expect((await ledger.accounts()).map((a) => a.account)).toEqual(['old']);

    await ledger.db.dataSource.query(`DELETE FROM consumer_offsets WHERE topic = $1`, [
      ledger.inputTopic,
    ]);
    const third = start();
    await third.ready;
    const accounts = await waitFor(
      () => ledger.accounts(),
      (rows) => rows.some((a) => a.account === 'new' && a.balance === 2),
      { what: 'the two new deposits applied' },
    );
    expect(accounts.find((a) => a.account === 'old')?.balance).toBe(5);
  });
});
