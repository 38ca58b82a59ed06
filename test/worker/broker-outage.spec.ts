import { KafkaWorkerTransport } from '@app/kafka';
import { ThrowawayKafka, waitFor } from '@app/testing';
import { Deposit, LedgerHarness } from './ledger-harness';

const ACCOUNTS = 4;
// Longer outages (BROKER_OUTAGE_MS) show how the client backs off; the suite keeps it short.
const OUTAGE_MS = Number(process.env.BROKER_OUTAGE_MS ?? 12_000);

function wave(from: number, to: number): Deposit[] {
  const deposits: Deposit[] = [];
  for (let seq = from; seq <= to; seq++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      deposits.push({ account: `acc-${a}`, seq, amount: seq, trackingId: `t-${a}-${seq}` });
    }
  }
  return deposits;
}

describe('KafkaWorkerTransport when its broker is SIGKILLed and restarted (own broker, real PostgreSQL)', () => {
  const kafka = new ThrowawayKafka();
  const ledger = new LedgerHarness(4);

  beforeAll(async () => {
    await kafka.start();
    ledger.brokers = [kafka.broker];
    await ledger.setUp();
  }, 120_000);

  afterAll(async () => {
    try {
      await ledger.tearDown().catch(() => undefined);
    } finally {
      await kafka.destroy();
    }
  }, 120_000);

  it('is not ready while the broker is gone, and resumes on its own when it is back: every event once, in order', async () => {
    const app = await ledger.startWorker({
      worker: { consumer: { sessionTimeout: 6_000, heartbeatInterval: 1_000 } },
    });
    const transport = app.get(KafkaWorkerTransport);
    await ledger.send(wave(1, 10));
    await waitFor(
      () => ledger.applications(),
      (n) => n.total === 10 * ACCOUNTS,
      { timeoutMs: 60_000, what: 'the first wave applied' },
    );
    expect(transport.health.isReady()).toBe(true);

    await kafka.kill();
    const killedAt = Date.now();
    await waitFor(
      async () => transport.health.isReady(),
      (ready) => !ready,
      {
        timeoutMs: Math.max(OUTAGE_MS, 12_000),
        what: 'readiness to turn false while the broker is down',
      },
    );
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - killedAt)));

    await kafka.start();
    const backAt = Date.now();
    await ledger.send(wave(11, 20));
    const total = 20 * ACCOUNTS;
    const applied = await waitFor(
      () => ledger.applications(),
      (n) => n.total >= total,
      {
        timeoutMs: 90_000,
        intervalMs: 100,
        what: `all ${total} deposits applied after the outage`,
      },
    );
    // A figure for the operator, not a pass/fail bar (the benchmarks own timing).
    process.stdout.write(
      `broker outage: the second wave was applied ${Date.now() - backAt} ms after the broker accepted connections\n`,
    );

    expect(applied).toEqual({ total, distinct: total });
    for (const account of await ledger.accounts()) {
      expect(account).toMatchObject({ applied: 20, last_seq: 20, order_violations: 0 });
    }
    expect(transport.health.snapshot().crashed).toBeUndefined();
    await waitFor(
      async () => transport.health.isReady(),
      (ready) => ready,
      { what: 'readiness back' },
    );
  }, 240_000);

  it('is not ready while its broker is frozen (connections open, no answers), and goes on when it thaws', async () => {
    const app = await ledger.startWorker({
      worker: { consumer: { sessionTimeout: 6_000, heartbeatInterval: 1_000 } },
    });
    const transport = app.get(KafkaWorkerTransport);
    await waitFor(
      async () => transport.health.isReady(),
      (ready) => ready,
      { timeoutMs: 60_000, what: 'the worker ready' },
    );
    kafka.freeze();
    const frozen = await waitFor(
      async () => transport.health.isReady(),
      (ready) => !ready,
      { timeoutMs: 15_000, what: 'readiness to turn false while the broker answers nothing' },
    ).finally(() => kafka.thaw());
    expect(frozen).toBe(false);

    await ledger.send(wave(21, 25));
    const total = 25 * ACCOUNTS;
    const applied = await waitFor(
      () => ledger.applications(),
      (n) => n.total >= total,
      { timeoutMs: 90_000, what: `all ${total} deposits applied after the thaw` },
    );
    expect(applied).toEqual({ total, distinct: total });
    await waitFor(
      async () => transport.health.isReady(),
      (ready) => ready,
      { what: 'readiness back' },
    );
  }, 240_000);
});
