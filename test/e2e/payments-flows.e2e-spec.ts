import { paymentsService } from '@app/payments';
import { entityIdFor } from '@app/requests';
import { waitFor } from '@app/testing';
import { QueryRunner } from 'typeorm';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';
import { PaymentsClient, WAIT } from './payments-client';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Accounts, deposits and payments over HTTP, against a real payments API and worker. */
describe('Payments over HTTP (real Kafka and PostgreSQL)', () => {
  const system = new LandscapeSystem([paymentsService]);
  let client: PaymentsClient;

  beforeAll(async () => {
    await system.setUp();
    await system.startWorker(paymentsService);
    client = new PaymentsClient(system, [await system.startApi(paymentsService)]);
  });
  afterAll(() => system.tearDown());
  afterEach(() => client.expectConserved());

  /** Opens an account and deposits `amount` into it. */
  async function funded(owner: string, amount: number, currency = 'EUR'): Promise<string> {
    const { accountId } = await client.openAccount(owner, currency);
    if (amount > 0) expect((await client.deposit(accountId, amount)).status).toBe(201);
    return accountId;
  }

  it('opens an account, takes deposits and shows confirmed, in-flight and available balances', async () => {
    const opened = await client.openAccount('customer-1', 'EUR');
    expect(opened).toMatchObject({
      owner: 'customer-1',
      currency: 'EUR',
      status: 'open',
      balance: 0,
    });
    const deposited = await client.deposit(opened.accountId, 1_250);
    expect(deposited).toMatchObject({ status: 201, body: { amount: 1_250, balance: 1_250 } });
    expect((await client.deposit(opened.accountId, 50)).body).toMatchObject({ balance: 1_300 });

    expect((await client.get(`/accounts/${opened.accountId}`)).body).toEqual({
      ...opened,
      balance: 1_300,
      pendingDebits: 0,
      pendingCredits: 0,
      inFlightBalance: 1_300,
      availableBalance: 1_300,
    });
    const entries = await client.get<{
      items: { kind: string; amount: number; balanceAfter: number }[];
    }>(`/accounts/${opened.accountId}/entries`);
    expect(
      entries.body.items.map(({ kind, amount, balanceAfter }) => [kind, amount, balanceAfter]),
    ).toEqual([
      ['deposit', 1_250, 1_250],
      ['deposit', 50, 1_300],
    ]);
  });

  it('refuses bad input, deposits to an unknown or closed account, and a second close', async () => {
    const url = client.url();
    expect((await http('POST', `${url}/accounts`, { owner: 'x', currency: 'euro' })).status).toBe(
      400,
    );
    expect((await client.get('/balances?currency=euro')).status).toBe(400);
    const accountId = await funded('customer-2', 0);
    expect(
      (await http('POST', `${url}/accounts/${accountId}/deposits`, { amount: 1.5 })).status,
    ).toBe(400);
    expect(
      (await http('POST', `${url}/accounts/${accountId}/deposits`, { amount: -5 })).status,
    ).toBe(400);
    expect((await client.deposit(UNKNOWN, 10)).body).toMatchObject({ code: 'account-not-found' });
    expect((await client.close(accountId)).body).toMatchObject({ status: 'closed' });
    expect(await client.deposit(accountId, 10)).toMatchObject({
      status: 409,
      body: { code: 'account-closed' },
    });
    expect(await client.close(accountId)).toMatchObject({ status: 409 });
  });

  it('answers a waiting payment with the completed payment, moves both balances and publishes the fact', async () => {
    const payer = await funded('customer-3', 1_000);
    const payee = await funded('shop', 0);
    const paid = await client.pay({ from: payer, to: payee, amount: 400, reference: 'order-17' });
    expect(paid).toMatchObject({
      status: 201,
      body: {
        from: payer,
        to: payee,
        amount: 400,
        currency: 'EUR',
        reference: 'order-17',
        status: 'completed',
        failure: null,
      },
    });
    expect(paid.headers.get('location')).toBe(`/payments/${paid.body.paymentId}`);
    expect((await client.get(`/payments/${paid.body.paymentId}`)).body).toEqual(paid.body);
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({
      balance: 600,
      availableBalance: 600,
    });
    expect((await client.get(`/accounts/${payee}`)).body).toMatchObject({ balance: 400 });

    const facts = await waitFor(
      () => client.terminalFacts(),
      (list) => list.some((f) => f.paymentId === paid.body.paymentId),
      { what: 'PaymentCompleted on payments.events' },
    );
    expect(facts.filter((f) => f.paymentId === paid.body.paymentId)).toEqual([
      expect.objectContaining({
        type: 'payments.payment-completed',
        key: 'order-17',
        reference: 'order-17',
      }),
    ]);
  });

  it('shows a payment in flight in both views while its DEBIT, then its CREDIT, waits', async () => {
    const payer = await funded('customer-8', 1_000);
    const payee = await funded('shop', 200);
    // Hold each account's row, as a long change of its balance would: its step waits (and retries).
    const hold = async (accountId: string): Promise<QueryRunner> => {
      const runner = system.db(paymentsService).dataSource.createQueryRunner();
      await runner.startTransaction();
      await runner.query(`SELECT 1 FROM accounts WHERE account_id = $1 FOR UPDATE`, [accountId]);
      return runner;
    };
    const [payerHeld, payeeHeld] = [await hold(payer), await hold(payee)];
    const key = `in-flight-${payer}`;
    const paymentId = entityIdFor(key, 'payments');
    const status = async () =>
      (await client.get<{ status?: string }>(`/payments/${paymentId}`)).body.status;
    const waiting = client.pay(
      { from: payer, to: payee, amount: 300 },
      { 'idempotency-key': key, ...WAIT },
    );

    await waitFor(status, (s) => s === 'requested', { what: 'the payment requested' });
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({
      balance: 1_000,
      pendingDebits: 300,
      availableBalance: 700,
      inFlightBalance: 700,
    });
    expect((await client.get(`/accounts/${payee}`)).body).toMatchObject({
      balance: 200,
      pendingCredits: 300,
      inFlightBalance: 500,
    });
    expect(await client.balances()).toMatchObject({
      inFlight: 0,
      conserved: true,
      openPayments: 1,
    });

    await payerHeld.commitTransaction();
    await waitFor(status, (s) => s === 'debited', { what: 'the payer debited' });
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({
      balance: 700,
      pendingDebits: 0,
      availableBalance: 700,
    });
    expect((await client.get(`/accounts/${payee}`)).body).toMatchObject({
      balance: 200,
      pendingCredits: 300,
    });
    expect(await client.balances()).toMatchObject({
      inFlight: 300,
      conserved: true,
      openPayments: 1,
    });

    await payeeHeld.commitTransaction();
    expect(await waiting).toMatchObject({ status: 201, body: { status: 'completed' } });
    expect((await client.get(`/accounts/${payee}`)).body).toMatchObject({
      balance: 500,
      pendingCredits: 0,
    });
    await Promise.all([payerHeld.release(), payeeHeld.release()]);
  });

  it('fails a payment the payer cannot cover, moving no money', async () => {
    const payer = await funded('customer-4', 100);
    const payee = await funded('shop', 0);
    const failed = await client.pay({ from: payer, to: payee, amount: 101 });
    expect(failed).toMatchObject({
      status: 422,
      body: { status: 'rejected', code: 'insufficient-funds' },
    });
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({ balance: 100 });
    expect((await client.get(`/accounts/${payee}`)).body).toMatchObject({ balance: 0 });
    expect(await client.pay({ from: payer, to: payee, amount: 100 })).toMatchObject({
      status: 201,
    });
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({ balance: 0 });
  });

  it('fails a payment from an unknown or closed account, or to the same account', async () => {
    const closed = await funded('customer-5', 500);
    const payee = await funded('shop', 0);
    expect((await client.close(closed)).status).toBe(200);
    expect((await client.pay({ from: UNKNOWN, to: payee, amount: 1 })).body).toMatchObject({
      code: 'payer-not-found',
    });
    expect((await client.pay({ from: closed, to: payee, amount: 1 })).body).toMatchObject({
      code: 'payer-closed',
    });
    expect((await client.pay({ from: payee, to: payee, amount: 1 })).body).toMatchObject({
      code: 'same-account',
    });
  });

  it.each([
    ['does not exist', 'payee-not-found'],
    ['is closed', 'payee-closed'],
    ['holds another currency', 'currency-mismatch'],
  ])('reverses the debit with a compensating entry when the payee %s', async (how, code) => {
    const payer = await funded('customer-6', 300);
    let payee = UNKNOWN;
    if (how === 'is closed') {
      payee = await funded('shop', 0);
      expect((await client.close(payee)).status).toBe(200);
    }
    if (how === 'holds another currency') payee = await funded('shop', 0, 'USD');

    const failed = await client.pay({ from: payer, to: payee, amount: 250, reference: 'order-18' });
    expect(failed).toMatchObject({ status: 422, body: { code } });
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({ balance: 300 });
    const entries = await client.get<{
      items: { kind: string; amount: number; balanceAfter: number }[];
    }>(`/accounts/${payer}/entries`);
    expect(
      entries.body.items.map(({ kind, amount, balanceAfter }) => [kind, amount, balanceAfter]),
    ).toEqual([
      ['deposit', 300, 300],
      ['debit', -250, 50],
      ['reversal', 250, 300],
    ]);
  });

  it('answers 202 without waiting, the outcome at /requests/:id, and a repeated Idempotency-Key with the first outcome', async () => {
    const payer = await funded('customer-7', 1_000);
    const payee = await funded('shop', 0);
    const key = { 'idempotency-key': `pay-${payer}` };
    const accepted = await client.pay({ from: payer, to: payee, amount: 10 }, key);
    expect(accepted).toMatchObject({ status: 202, body: { trackingId: key['idempotency-key'] } });
    const outcome = await waitFor(
      () =>
        client.get<{ status: string; result?: { paymentId: string } }>(
          `/requests/${key['idempotency-key']}`,
        ),
      (reply) => reply.status === 200,
      { what: 'the outcome' },
    );
    expect(outcome.body).toMatchObject({ status: 'accepted', result: { status: 'completed' } });
    const again = await client.pay({ from: payer, to: payee, amount: 10 }, { ...key, ...WAIT });
    expect(again).toMatchObject({
      status: 201,
      body: { paymentId: outcome.body.result?.paymentId },
    });
    expect((await client.get(`/accounts/${payer}`)).body).toMatchObject({ balance: 990 });
  });
});
