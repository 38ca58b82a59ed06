import { paymentsService } from '@app/payments';
import { entityIdFor } from '@app/requests';
import { AppProcess, waitFor } from '@app/testing';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';
import { PaymentsClient } from './payments-client';

/** How many payments: 500 here; `npm run chaos:payments` runs the full 5,000. */
const PAYMENTS = Number(process.env.PAYMENTS_CHAOS_PAYMENTS ?? 500);
const ACCOUNTS = 50;
const DEPOSIT = 1_000_000;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** Posts in flight at once. */
const SENDERS = 16;
/** The payments are sent over at least this long, so that the kills fall all along the flow. */
const SEND_OVER_MS = 60_000;
const BUDGET_MS = 120_000 + PAYMENTS * 200;

/** One payment asked for, and what it must come to. */
interface Planned {
  readonly key: string;
  readonly paymentId: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  readonly end: 'completed' | 'payer-closed' | 'payee-closed' | 'payee-not-found';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Plans the payments between the accounts: every payer can cover all it pays, so each one's end
 * follows from the request alone. The first account is closed (paying from it fails, paying to it
 * is reversed), and every 25th payment goes to an account that does not exist (reversed).
 */
function plan(run: string, accounts: readonly string[]): Planned[] {
  return Array.from({ length: PAYMENTS }, (_, i): Planned => {
    const from = accounts[i % ACCOUNTS];
    const offset = 1 + ((i * 7) % (ACCOUNTS - 1));
    const to = i % 25 === 24 ? UNKNOWN : accounts[(i + offset) % ACCOUNTS];
    const key = `${run}-${i}`;
    let end: Planned['end'] = 'completed';
    if (from === accounts[0]) end = 'payer-closed';
    else if (to === UNKNOWN) end = 'payee-not-found';
    else if (to === accounts[0]) end = 'payee-closed';
    const amount = 1 + ((i * 7919) % 500);
    return { key, paymentId: entityIdFor(key, 'payments'), from, to, amount, end };
  });
}

/**
 * Exactly once under faults: payments workers SIGKILLed at random while payments between 50
 * accounts are under way; afterwards every payment ended once, as its request says it must.
 */
describe(`${PAYMENTS} payments while payments workers are SIGKILLed at random (child processes, real Kafka and PostgreSQL)`, () => {
  const system = new LandscapeSystem([paymentsService]);
  let client: PaymentsClient;
  /** Every worker started, killed or not. */
  const fleet: AppProcess[] = [];
  const spawnWorker = async (): Promise<AppProcess> => {
    const name = `payments-worker-${fleet.length}`;
    const worker = await AppProcess.start(name, 'payments/worker', system.env(paymentsService));
    fleet.push(worker);
    return worker;
  };

  beforeAll(async () => {
    await system.setUp();
    await Promise.all([0, 1].map(async () => (await spawnWorker()).ready()));
    client = new PaymentsClient(system, [await system.startApi(paymentsService)]);
  });
  afterAll(async () => {
    for (const worker of fleet) worker.signal('SIGKILL');
    await Promise.all(fleet.map((worker) => worker.exited));
    await system.tearDown();
  });
  afterEach(() => client.expectConserved());

  it(
    'ends every payment exactly once, balances as a replay of the requests, money conserved',
    async () => {
      const began = Date.now();
      const accounts = await Promise.all(
        Array.from({ length: ACCOUNTS }, async (_, a) => {
          const { accountId } = await client.openAccount(`customer-${a}`);
          expect((await client.deposit(accountId, DEPOSIT)).status).toBe(201);
          return accountId;
        }),
      );
      expect((await client.close(accounts[0])).status).toBe(200);
      const planned = plan(`chaos-${began}`, accounts);

      // Send every payment (202, not waiting), paced, while workers die at random and are replaced.
      let next = 0;
      const pace = (SEND_OVER_MS * SENDERS) / PAYMENTS;
      const sending = Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let i = next++; i < planned.length; i = next++) {
            await sleep(pace);
            const { from, to, amount, key } = planned[i];
            const reply = await http(
              'POST',
              `${client.url()}/payments`,
              { from, to, amount },
              { 'idempotency-key': key },
            );
            expect(reply.status).toBe(202);
          }
        }),
      );
      const ended = async () => {
        const [row]: { n: string }[] = await system
          .db(paymentsService)
          .dataSource.query(
            `SELECT count(*) AS n FROM payments WHERE status IN ('completed', 'failed')`,
          );
        return Number(row.n);
      };
      // A random one of the two workers dies at a random moment; its replacement is started at
      // once and the next kill waits until it is ready, so that the flow always moves on.
      let kills = 0;
      while ((await ended()) < PAYMENTS && Date.now() - began < BUDGET_MS / 2) {
        await sleep(500 + Math.random() * 2_000);
        const running = fleet.filter((worker) => worker.running);
        running[Math.floor(Math.random() * running.length)].signal('SIGKILL');
        kills++;
        await (await spawnWorker()).ready();
      }
      await sending;
      await waitFor(ended, (n) => n === PAYMENTS, {
        timeoutMs: BUDGET_MS / 2,
        what: `all ${PAYMENTS} payments ended`,
      });
      expect(kills).toBeGreaterThanOrEqual(3);

      // Every payment ended as its request says, each request answered once with that end.
      const db = system.db(paymentsService).dataSource;
      const rows: { payment_id: string; status: string; failure_code: string | null }[] =
        await db.query(`SELECT payment_id, status, failure_code FROM payments`);
      const endOf = (row: (typeof rows)[number]) =>
        row.status === 'completed' ? 'completed' : row.failure_code;
      expect(Object.fromEntries(rows.map((row) => [row.payment_id, endOf(row)]))).toEqual(
        Object.fromEntries(planned.map((p) => [p.paymentId, p.end])),
      );
      const outcomes: { tracking_id: string; status: string; reason_code: string | null }[] =
        await db.query(
          `SELECT tracking_id, status, reason_code FROM request_outcomes WHERE tracking_id = ANY($1)`,
          [planned.map((p) => p.key)],
        );
      expect(
        Object.fromEntries(outcomes.map((o) => [o.tracking_id, o.reason_code ?? o.status])),
      ).toEqual(
        Object.fromEntries(planned.map((p) => [p.key, p.end === 'completed' ? 'accepted' : p.end])),
      );

      // One fact per payment's end (published at least once, always under the same id).
      const facts = await waitFor(
        () => client.terminalFacts(),
        (list) => new Set(list.map((f) => f.paymentId)).size >= PAYMENTS,
        { what: 'a fact for every payment' },
      );
      const idsByPayment = new Map<string, Set<string>>();
      for (const fact of facts) {
        idsByPayment.set(
          fact.paymentId,
          (idsByPayment.get(fact.paymentId) ?? new Set()).add(`${fact.type}/${fact.eventId}`),
        );
      }
      expect([...idsByPayment.values()].filter((ids) => ids.size !== 1)).toEqual([]);

      // Balances are a replay of the requests.
      const expected = new Map(accounts.map((a) => [a, DEPOSIT]));
      for (const p of planned.filter((p) => p.end === 'completed')) {
        expected.set(p.from, (expected.get(p.from) ?? 0) - p.amount);
        expected.set(p.to, (expected.get(p.to) ?? 0) + p.amount);
      }
      const balances: { account_id: string; balance: string }[] = await db.query(
        `SELECT account_id, balance FROM accounts`,
      );
      expect(Object.fromEntries(balances.map((b) => [b.account_id, Number(b.balance)]))).toEqual(
        Object.fromEntries(expected),
      );

      console.log(
        `payments chaos: ${PAYMENTS} payments, ${kills} SIGKILLs, ${facts.length - idsByPayment.size} duplicate facts published, ` +
          `${Math.round((Date.now() - began) / 1000)} s`,
      );
    },
    BUDGET_MS + 120_000,
  );
});
