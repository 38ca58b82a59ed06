import { paymentsService } from '@app/payments';
import { LandscapeSystem } from './landscape-system';
import { Balances, PaymentReply, PaymentsClient } from './payments-client';

const RACERS = 200;
const START = 5_000;

/**
 * One account paying out and being paid at once, through two API replicas and two workers: its
 * DEBITs race the CREDITs to it, and the confirmed balance must never go below zero.
 */
describe('Payments racing on one account (two API replicas, two workers, real Kafka and PostgreSQL)', () => {
  const system = new LandscapeSystem([paymentsService]);
  let client: PaymentsClient;

  beforeAll(async () => {
    await system.setUp();
    // Two workers share the partitions: the payer's and the payee's steps may run on either.
    await Promise.all([system.startWorker(paymentsService), system.startWorker(paymentsService)]);
    const apis = await Promise.all([
      system.startApi(paymentsService),
      system.startApi(paymentsService),
    ]);
    client = new PaymentsClient(system, apis);
  });
  afterAll(() => system.tearDown());
  afterEach(() => client.expectConserved());

  it(`never overdraws with ${RACERS} payments out of an account racing ${RACERS} into it, and ends in the arithmetic result`, async () => {
    const payer = (await client.openAccount('racer')).accountId;
    const payee = (await client.openAccount('shop')).accountId;
    const source = (await client.openAccount('rich')).accountId;
    expect((await client.deposit(payer, START)).status).toBe(201);
    expect((await client.deposit(source, 1_000_000)).status).toBe(201);

    // Amounts out of 1..199 (20,000 in all, four times what the payer has); 60 in each.
    const out = Array.from({ length: RACERS }, (_, i) => 1 + ((i * 37) % 199));
    const samples: Balances[] = [];
    let racing = true;
    const sampling = (async () => {
      while (racing) samples.push(await client.balances());
    })();
    const replies = await Promise.all(
      out.flatMap((amount, i): Promise<['out' | 'in', number, PaymentReply]>[] => [
        client.pay({ from: payer, to: payee, amount }).then((r) => ['out', amount, r]),
        client
          .pay({ from: source, to: payer, amount: 60, reference: `in-${i}` })
          .then((r) => ['in', 60, r]),
      ]),
    );
    racing = false;
    await sampling;

    // Every client is answered with its payment's end: completed, or failed for want of funds.
    const ends = replies.map(
      ([direction, , reply]) =>
        `${direction}:${reply.status}:${reply.body.code ?? reply.body.status}`,
    );
    const possible = ['in:201:completed', 'out:201:completed', 'out:422:insufficient-funds'];
    expect(ends.filter((end) => !possible.includes(end))).toEqual([]);
    expect(ends.filter((end) => end === 'in:201:completed')).toHaveLength(RACERS);
    // 20,000 asked of 5,000 + 12,000: some payments out must fail.
    expect(ends.filter((end) => end === 'out:422:insufficient-funds').length).toBeGreaterThan(0);
    const paidOut = replies
      .filter(([direction, , reply]) => direction === 'out' && reply.status === 201)
      .reduce((sum, [, amount]) => sum + amount, 0);

    const expected = START + RACERS * 60 - paidOut;
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({
      balance: expected,
      pendingDebits: 0,
      pendingCredits: 0,
    });
    expect((await client.get(`/accounts/${payee}`)).body).toMatchObject({ balance: paidOut });

    // At no moment did the payer's ledger go below zero, nor did money appear or vanish.
    const [lowest]: { min: string }[] = await system
      .db(paymentsService)
      .dataSource.query(
        `SELECT min(balance_after) AS min FROM account_entries WHERE account_id = $1`,
        [payer],
      );
    expect(Number(lowest.min)).toBeGreaterThanOrEqual(0);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((s) => !s.conserved)).toEqual([]);
    console.log(
      `payments race: ${ends.filter((e) => e === 'out:201:completed').length}/${RACERS} out completed (${paidOut}), ` +
        `${samples.length} samples of /balances, up to ${Math.max(...samples.map((s) => s.inFlight))} in flight`,
    );
  });
});
