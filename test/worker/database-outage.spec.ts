import { CloudEventHeaders, deadLetterTopicOf } from '@app/events';
import { KafkaWorkerTransport } from '@app/kafka';
import { createTestDatabase, kcatReadAll, ThrowawayPostgres, waitFor } from '@app/testing';
import { Logger } from '@nestjs/common';
import { ledgerMigrations } from '../fixtures/ledger/ledger-worker.module';
import { Deposit, LedgerHarness } from './ledger-harness';

const ACCOUNTS = 6;
const SEQS = 60;
const OUTAGE_MS = 5_000;

/** A ledger whose schema lives on a PostgreSQL of the test's own instead of the stack's. */
class ThrowawayLedger extends LedgerHarness {
  constructor(private readonly postgres: ThrowawayPostgres) {
    super(4);
  }

  override async setUp(): Promise<void> {
    this.db = await createTestDatabase(ledgerMigrations, this.postgres.url);
  }
}

/** One deposit per account for each seq in [from, to]; the amount tells account and seq apart. */
function wave(from: number, to: number): Deposit[] {
  const deposits: Deposit[] = [];
  for (let seq = from; seq <= to; seq++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      deposits.push({
        account: `acc-${a}`,
        seq,
        amount: 100 * a + seq,
        trackingId: `t-${a}-${seq}`,
      });
    }
  }
  return deposits;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KafkaWorkerTransport during a PostgreSQL outage (own cluster, real Kafka)', () => {
  const postgres = new ThrowawayPostgres();
  const ledger = new ThrowawayLedger(postgres);
  // The worker logs each retry through Nest's Logger: the spy lets the test count them.
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const retries = () =>
    warn.mock.calls.filter(([m]) => String(m).startsWith('Batch attempt')).length;

  beforeAll(async () => {
    await postgres.start();
    await ledger.setUp();
  }, 120_000);

  afterAll(async () => {
    warn.mockRestore();
    try {
      // A test that failed mid-outage left the server down: the schema drop needs it.
      await postgres.start().catch(() => undefined);
      await ledger.tearDown().catch(() => undefined);
    } finally {
      await postgres.destroy();
    }
  }, 120_000);

  it('retries through a 5 s outage: applies every deposit once, in order, and dead-letters nothing', async () => {
    const app = await ledger.startWorker({ worker: { maxBatchSize: 10 } });
    const transport = app.get(KafkaWorkerTransport);

    await ledger.send(wave(1, 10));
    await waitFor(
      () => ledger.applications(),
      (n) => n.total === 10 * ACCOUNTS,
      {
        timeoutMs: 60_000,
        what: 'the first wave applied before the outage',
      },
    );

    // Mid-stream: events in flight, then the database goes away while deposits keep coming.
    await ledger.send(wave(11, 15));
    await postgres.stop('fast');
    const downAt = Date.now();
    let seq = 16;
    while (Date.now() - downAt < OUTAGE_MS && seq <= 45) {
      await ledger.send(wave(seq, seq));
      seq++;
      await sleep(150);
    }
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    const retriesDuringOutage = retries();
    const statusDuringOutage = transport.health.snapshot();
    await postgres.start();
    await ledger.send(wave(seq, SEQS));

    const total = SEQS * ACCOUNTS;
    const applied = await waitFor(
      () => ledger.applications(),
      (n) => n.total >= total,
      {
        timeoutMs: 90_000,
        what: `all ${total} deposits applied after the outage`,
      },
    );

    // The worker retried and stayed in its group instead of crashing or giving up.
    expect(seq).toBeGreaterThan(20); // deposits really were sent while the database was down
    expect(retriesDuringOutage).toBeGreaterThan(0);
    expect(statusDuringOutage.crashed).toBeUndefined();
    expect(transport.health.snapshot().crashed).toBeUndefined();
    expect(transport.health.isReady()).toBe(true);

    // Nothing lost, nothing skipped, nothing applied twice, per-key order kept.
    expect(applied).toEqual({ total, distinct: total });
    const accounts = await ledger.accounts();
    expect(accounts).toHaveLength(ACCOUNTS);
    for (const account of accounts) {
      const a = Number(account.account.slice(4));
      const balance = 100 * a * SEQS + (SEQS * (SEQS + 1)) / 2;
      expect(account).toMatchObject({
        applied: SEQS,
        last_seq: SEQS,
        order_violations: 0,
        balance,
      });
    }
    const outcomes: { status: string; n: string }[] = await ledger.db.dataSource.query(
      `SELECT status, count(*) AS n FROM request_outcomes GROUP BY status`,
    );
    expect(outcomes).toEqual([{ status: 'accepted', n: String(total) }]);

    // A transient failure never dead-letters and never rejects a request.
    expect(await kcatReadAll(deadLetterTopicOf(ledger.inputTopic))).toEqual([]);
    await waitFor(
      () => ledger.outboxBacklog(),
      (n) => n === 0,
      { what: 'an empty outbox' },
    );
    const published = await kcatReadAll(ledger.outputTopic);
    const types = new Set(published.map((r) => r.headers[CloudEventHeaders.type]));
    expect([...types]).toEqual(['ledger.deposited']);
    // Publication is at-least-once (a row may go out again if its delete failed), ids are stable.
    expect(new Set(published.map((r) => r.headers[CloudEventHeaders.id])).size).toBe(total);
  }, 180_000);
});
