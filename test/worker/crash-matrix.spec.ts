import { CloudEventHeaders } from '@app/events';
import { KafkaWorkerOptions } from '@app/kafka';
import { kcatReadAll, waitFor } from '@app/testing';
import { CrashPoint } from '../fixtures/ledger/crash-points';
import { depositedSchema } from '../fixtures/ledger/ledger.events';
import { ClientUnderTest, KAFKAJS, LIBRDKAFKA_CLASSIC } from './contract-clients';
import { Deposit, LedgerHarness } from './ledger-harness';
import { WorkerProcess } from './worker-process';

const ACCOUNTS = 12;
const PER_ACCOUNT = 50;
const TOTAL = ACCOUNTS * PER_ACCOUNT;
const MAX_RESTARTS = 25;
const LOOP_BUDGET_MS = 150_000;
/** Small batches give many commits to crash around; the broker's minimum session makes a dead member leave fast. */
const WORKER: Partial<KafkaWorkerOptions> = {
  maxBatchSize: 25,
  consumer: { sessionTimeout: 6_000, heartbeatInterval: 500 },
};
/**
 * Each point with the largest CRASH_AFTER drawn and the kind of handler that takes the deposits.
 * 'mid-handler' counts handled events, the others publications. The batches of the four
 * partitions that arrive together share one transaction and one publication, so the whole backlog
 * can take as few as six: dying at the first or second leaves most of it to the next workers.
 */
const POINTS: [CrashPoint, number, 'single' | 'batch', ...ClientUnderTest][] = [
  ['mid-handler', 120, 'single', ...KAFKAJS],
  ['after-commit', 2, 'single', ...KAFKAJS],
  ['after-publish', 2, 'single', ...KAFKAJS],
  ['mid-handler', 120, 'batch', ...KAFKAJS],
  // librdkafka on the classic protocol: a killed member's partitions move after 6 s, not 45 s.
  ['mid-handler', 120, 'single', ...LIBRDKAFKA_CLASSIC],
];

/** Builds 12 accounts x seq 1..50 with varied (some negative) amounts; every fifth seq is a tracked request. */
function deposits(): Deposit[] {
  const list: Deposit[] = [];
  for (let seq = 1; seq <= PER_ACCOUNT; seq++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      const amount = ((a * 7919 + seq * 104_729) % 1000) - 200;
      list.push({
        account: `acc-${a}`,
        seq,
        amount,
        trackingId: seq % 5 === 0 ? `t-${a}-${seq}` : undefined,
      });
    }
  }
  return list;
}

const sleep = (ms: number) =>
  new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

/** Waits until the worker dies by SIGKILL, every deposit is applied, or the deadline passes. */
async function watch(
  worker: WorkerProcess,
  ledger: LedgerHarness,
  deadline: number,
): Promise<'killed' | 'done' | 'timeout'> {
  for (;;) {
    const exit = await Promise.race([worker.exited, sleep(250)]);
    if (exit?.signal === 'SIGKILL') return 'killed';
    if (exit)
      throw new Error(
        `worker exited with ${exit.code ?? exit.signal}:\n${worker.output.slice(-3000)}`,
      );
    if ((await ledger.applications()).distinct >= TOTAL) return 'done';
    if (Date.now() > deadline) return 'timeout';
  }
}

/** Stops a worker with SIGTERM (it may still hit its crash point on the way out), SIGKILL after 20 s. */
async function stop(worker: WorkerProcess): Promise<void> {
  worker.signal('SIGTERM');
  if (!(await Promise.race([worker.exited, sleep(20_000)]))) worker.signal('SIGKILL');
  await worker.exited;
}

describe.each(POINTS)(
  'a ledger worker SIGKILLed %s (CRASH_AFTER up to %i), again and again, with %s-event handlers, on %s (child processes, real Kafka and PostgreSQL)',
  (point, maxAfter, handler, name, options) => {
    const ledger = new LedgerHarness(4, [name, options]);
    const children: WorkerProcess[] = [];
    const start = (crash?: { point: CrashPoint; after: number }): WorkerProcess => {
      const worker = WorkerProcess.start({ ...ledger.workerConfig(WORKER), handler }, crash);
      children.push(worker);
      return worker;
    };

    beforeAll(() => ledger.setUp());
    afterAll(async () => {
      for (const child of children) child.signal('SIGKILL');
      await Promise.all(children.map((child) => child.exited));
      await ledger.tearDown();
    });

    it(
      'applies every deposit exactly once and publishes every output at least once, each with a stable id',
      async () => {
        const began = Date.now();
        const list = deposits();
        const deadline = began + LOOP_BUDGET_MS;
        const plan: number[] = [];
        let kills = 0;
        for (let restarts = 0; restarts <= MAX_RESTARTS && Date.now() < deadline; restarts++) {
          const after = 1 + Math.floor(Math.random() * maxAfter);
          plan.push(after);
          const worker = start({ point, after });
          if (restarts === 0) {
            await worker.ready; // the first worker provisions the topics; nothing to crash on before the deposits
            await ledger.send(list);
          }
          const outcome = await watch(worker, ledger, deadline);
          if (outcome === 'killed') kills++;
          else {
            await stop(worker);
            break;
          }
        }
        const appliedBeforeCleanRun = (await ledger.applications()).distinct;

        const clean = start();
        await waitFor(
          async () => ({ ...(await ledger.applications()), backlog: await ledger.outboxBacklog() }),
          (s) => s.distinct >= TOTAL && s.backlog === 0,
          { timeoutMs: 60_000, what: `all ${TOTAL} deposits applied and an empty outbox` },
        );
        await stop(clean);
        expect((await clean.exited).signal).toBe('SIGTERM');
        expect(kills).toBeGreaterThanOrEqual(3);

        // Exactly once: count, and per account a checksum (balance), the counters and per-key order.
        expect(await ledger.applications()).toEqual({ total: TOTAL, distinct: TOTAL });
        const expectedAccounts: Record<
          string,
          { balance: number; applied: number; last_seq: number; order_violations: number }
        > = {};
        const expectedOutputs: Record<string, { ids: number; balances: number[] }> = {};
        for (const { account, seq, amount } of list) {
          const before = expectedAccounts[account]?.balance ?? 0;
          expectedAccounts[account] = {
            balance: before + amount,
            applied: seq,
            last_seq: seq,
            order_violations: 0,
          };
          expectedOutputs[`${account}/${seq}`] = { ids: 1, balances: [before + amount] };
        }
        const accounts = await ledger.accounts();
        expect(Object.fromEntries(accounts.map(({ account, ...row }) => [account, row]))).toEqual(
          expectedAccounts,
        );

        const outcomes: { tracking_id: string; status: string }[] =
          await ledger.db.dataSource.query(`SELECT tracking_id, status FROM request_outcomes`);
        const tracked = list.flatMap((d) => (d.trackingId ? [`${d.trackingId}:accepted`] : []));
        expect(outcomes.map((o) => `${o.tracking_id}:${o.status}`).sort()).toEqual(tracked.sort());

        // At least once, with stable ids: every (account, seq) published under one id, every copy identical.
        const published = await kcatReadAll(ledger.outputTopic);
        const byId = new Map<string, Set<string>>();
        const byDeposit = new Map<string, { ids: Set<string>; balances: Set<number> }>();
        for (const record of published) {
          expect(record.headers[CloudEventHeaders.type]).toBe('ledger.deposited');
          const id = record.headers[CloudEventHeaders.id];
          byId.set(id, (byId.get(id) ?? new Set()).add(record.payload ?? ''));
          const { account, seq, balance } = depositedSchema.parse(
            JSON.parse(record.payload ?? 'null'),
          );
          const seen = byDeposit.get(`${account}/${seq}`) ?? {
            ids: new Set<string>(),
            balances: new Set<number>(),
          };
          byDeposit.set(`${account}/${seq}`, {
            ids: seen.ids.add(id),
            balances: seen.balances.add(balance),
          });
        }
        expect([...byId].filter(([, payloads]) => payloads.size !== 1)).toEqual([]);
        expect(byId.size).toBe(TOTAL);
        const outputs = [...byDeposit].map(([key, v]) => [
          key,
          { ids: v.ids.size, balances: [...v.balances] },
        ]);
        expect(Object.fromEntries(outputs)).toEqual(expectedOutputs);

        console.log(
          `crash-matrix ${point} (${handler}): ${kills} SIGKILLs in ${plan.length} runs (CRASH_AFTER ${plan.join(',')}), ` +
            `${appliedBeforeCleanRun}/${TOTAL} applied before the clean run, ` +
            `${published.length - byId.size} duplicates published, ${Math.round((Date.now() - began) / 1000)} s`,
        );
      },
      LOOP_BUDGET_MS + 120_000,
    );
  },
);
