import { waitFor } from '@app/testing';
import { ClientUnderTest, CONTRACT_CLIENTS, KAFKAJS } from './contract-clients';
import { Deposit, LedgerHarness } from './ledger-harness';
import { WorkerProcess } from './worker-process';

/** One row of the ledger's view, as the harness reads it. */
type AccountRow = Awaited<ReturnType<LedgerHarness['accounts']>>[number];

const PARTITIONS = 8;
const ACCOUNTS = 40;

/** One deposit per account for each seq in [from, to]; amounts vary by account and seq. */
function wave(from: number, to: number): Deposit[] {
  const list: Deposit[] = [];
  for (let seq = from; seq <= to; seq++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      list.push({ account: `acc-${a}`, seq, amount: 1 + ((a * 31 + seq * 7) % 97) });
    }
  }
  return list;
}

/** Resolves after `ms`. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for a child to exit, at most `timeoutMs`; returns how it exited, or 'timeout'. */
async function exitOf(
  worker: WorkerProcess,
  timeoutMs = 30_000,
): Promise<NodeJS.Signals | number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([
    worker.exited.then((exit) => exit.signal ?? exit.code),
    timeout,
  ]);
  clearTimeout(timer);
  return outcome;
}

/** Tells whether a SIGTERMed child stopped within its budget (Nest re-raises the signal once closed). */
async function stoppedGracefully(worker: WorkerProcess): Promise<boolean> {
  return (await exitOf(worker)) === 'SIGTERM' && !worker.output.includes('exceeded its budget');
}

/** Kills every child still running; a stopped one is continued first so that it can die. */
async function killAll(children: readonly WorkerProcess[]): Promise<void> {
  for (const child of children) {
    child.signal('SIGCONT');
    child.signal('SIGKILL');
  }
  await Promise.all(children.map((child) => exitOf(child, 10_000)));
}

/** Waits until every sent deposit is applied and the outbox is drained. */
async function drained(ledger: LedgerHarness, sent: number, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    () => ledger.applications(),
    (a) => a.total >= sent,
    { timeoutMs, intervalMs: 250, what: `${sent} deposits applied` },
  );
  await waitFor(
    () => ledger.outboxBacklog(),
    (n) => n === 0,
    { timeoutMs: 30_000, what: 'an empty outbox' },
  );
}

/** Asserts that the view holds each sent deposit exactly once, in per-account order. */
async function expectExactlyOnce(ledger: LedgerHarness, sent: readonly Deposit[]): Promise<void> {
  expect(await ledger.applications()).toEqual({ total: sent.length, distinct: sent.length });
  const expected = new Map<string, AccountRow>();
  for (const { account, seq, amount } of sent) {
    const row = expected.get(account) ?? {
      account,
      balance: 0,
      applied: 0,
      last_seq: 0,
      order_violations: 0,
    };
    row.balance += amount;
    row.applied += 1;
    row.last_seq = Math.max(row.last_seq, seq);
    expected.set(account, row);
  }
  const accounts = await ledger.accounts();
  expect(accounts.filter((a) => a.order_violations !== 0)).toEqual([]);
  expect(accounts).toEqual([...expected.values()].sort((x, y) => (x.account < y.account ? -1 : 1)));
}

/** Lists the partitions whose stored position row some transaction holds locked right now. */
async function lockedPositions(ledger: LedgerHarness): Promise<number[]> {
  const params = [ledger.groupId, ledger.inputTopic];
  const all: { partition: number }[] = await ledger.db.dataSource.query(
    `SELECT partition FROM consumer_offsets WHERE group_id = $1 AND topic = $2`,
    params,
  );
  // Autocommit: the rows this takes are released at once.
  const free: { partition: number }[] = await ledger.db.dataSource.query(
    `SELECT partition FROM consumer_offsets WHERE group_id = $1 AND topic = $2 FOR UPDATE SKIP LOCKED`,
    params,
  );
  const unlocked = new Set(free.map((row) => row.partition));
  return all
    .map((row) => row.partition)
    .filter((p) => !unlocked.has(p))
    .sort((x, y) => x - y);
}

/**
 * Stops the worker at a moment when one of its batch transactions is open (holding the position
 * lock of its partition), so that it freezes with a batch in hand. Returns the locked partitions.
 */
async function freezeInsideTransaction(
  ledger: LedgerHarness,
  worker: WorkerProcess,
): Promise<number[]> {
  for (let attempt = 1; attempt <= 100; attempt++) {
    worker.signal('SIGSTOP');
    // Let the statements already sent land: a COMMIT in flight must not count as an open transaction.
    await sleep(300);
    const locked = await lockedPositions(ledger);
    if (locked.length > 0) return locked;
    worker.signal('SIGCONT');
    await sleep(50 + ((attempt * 37) % 150));
  }
  throw new Error('Could not stop the worker inside a batch transaction in 100 attempts.');
}

/** Sends one wave of deposits (one seq per account) every `intervalMs` until stopped, at most `maxWaves`. */
class SteadyStream {
  readonly sent: Deposit[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(ledger: LedgerHarness, intervalMs: number, maxWaves: number) {
    this.loop = (async () => {
      for (let seq = 1; seq <= maxWaves && !this.stopped; seq++) {
        const deposits = wave(seq, seq);
        await ledger.send(deposits);
        this.sent.push(...deposits);
        await sleep(intervalMs);
      }
    })();
  }

  /** Stops sending and waits for the wave in flight. */
  async stop(): Promise<Deposit[]> {
    this.stopped = true;
    await this.loop;
    return this.sent;
  }
}

describe('Worker rebalances (child processes, real Kafka and PostgreSQL)', () => {
  const children: WorkerProcess[] = [];
  const ledgers: LedgerHarness[] = [];
  const streams: SteadyStream[] = [];

  /** Starts a worker child on the ledger and remembers it for tear-down. */
  function start(ledger: LedgerHarness, maxBatchSize: number): WorkerProcess {
    const worker = WorkerProcess.start(ledger.workerConfig({ maxBatchSize }));
    children.push(worker);
    return worker;
  }

  /** Builds a ledger of its own for one test. */
  async function newLedger(client: ClientUnderTest = KAFKAJS): Promise<LedgerHarness> {
    const ledger = new LedgerHarness(PARTITIONS, client);
    ledgers.push(ledger);
    await ledger.setUp();
    return ledger;
  }

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.stop().catch(() => undefined)));
    await killAll(children);
    for (const ledger of ledgers) await ledger.tearDown();
  }, 60_000);

  it.each(CONTRACT_CLIENTS)(
    'on %s: applies every event exactly once, in per-key order, across joins and a graceful leave mid-stream',
    async (name, options) => {
      const ledger = await newLedger([name, options]);
      const sent: Deposit[] = [];
      const send = async (from: number, to: number): Promise<void> => {
        const deposits = wave(from, to);
        await ledger.send(deposits);
        sent.push(...deposits);
      };

      const a = start(ledger, 25);
      await a.ready;
      await send(1, 5);
      await send(6, 10);
      await waitFor(
        () => ledger.applications(),
        (n) => n.total > 0,
        { timeoutMs: 30_000, what: 'worker A applying' },
      );

      // B joins while A has work in hand: rebalance.
      const b = start(ledger, 25);
      await send(11, 15);
      await b.ready;
      await send(16, 20);

      // A leaves gracefully while events are pending: rebalance.
      await send(21, 25);
      a.signal('SIGTERM');
      await send(26, 30);
      expect(await stoppedGracefully(a)).toBe(true);

      // A comes back: rebalance again.
      const again = start(ledger, 25);
      await send(31, 35);
      await again.ready;
      await send(36, 40);
      await send(41, 45);
      await send(46, 50);

      await drained(ledger, sent.length);
      expect(sent).toHaveLength(2000);
      await expectExactlyOnce(ledger, sent);

      b.signal('SIGTERM');
      again.signal('SIGTERM');
      expect([await stoppedGracefully(b), await stoppedGracefully(again)]).toEqual([true, true]);
    },
    240_000,
  );

  it('takes over from a zombie frozen inside its batch transaction, and fences it when it wakes', async () => {
    const ledger = await newLedger();
    // Small batches: a fetched batch takes several transactions, so A freezes with more in hand.
    const a = start(ledger, 5);
    await a.ready;
    const stream = new SteadyStream(ledger, 200, 400);
    streams.push(stream);
    await waitFor(
      () => ledger.applications(),
      (n) => n.total >= 400,
      { timeoutMs: 30_000, what: 'worker A applying' },
    );

    const locked = await freezeInsideTransaction(ledger, a);
    expect(locked.length).toBeGreaterThan(0);
    // Past the session timeout (10 s): the broker evicts A while events keep flowing.
    await sleep(14_000);
    const appliedBeforeB = await ledger.applications();
    const sentBeforeB = stream.sent.length;

    const b = start(ledger, 5);
    await b.ready;
    // Only B runs: everything sent before it started gets applied, on A's frozen partitions too.
    await waitFor(
      () => ledger.applications(),
      (n) => n.total >= sentBeforeB,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `worker B applying all ${sentBeforeB} deposits sent while A was frozen (A froze holding the position locks of partitions ${locked.join(', ')})`,
      },
    );
    expect(sentBeforeB).toBeGreaterThan(appliedBeforeB.total);

    // The zombie wakes with its batches in hand, tries to apply and commit them, then rejoins.
    a.signal('SIGCONT');
    await sleep(8_000);
    const sent = await stream.stop();

    await drained(ledger, sent.length);
    await expectExactlyOnce(ledger, sent);
    expect([a.running, b.running]).toEqual([true, true]);

    a.signal('SIGTERM');
    b.signal('SIGTERM');
    expect([await stoppedGracefully(a), await stoppedGracefully(b)]).toEqual([true, true]);
  }, 240_000);
});
