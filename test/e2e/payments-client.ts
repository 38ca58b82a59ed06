import { AccountState, CloudEventHeaders } from '@app/events';
import { paymentsService, PaymentState } from '@app/payments';
import { AppProcess, kcatReadAll, waitFor } from '@app/testing';
import { http, HttpReply } from './customers-system';
import { LandscapeSystem } from './landscape-system';

/** Waiting for an outcome: long enough for a payment's three hops on a busy machine. */
export const WAIT = { prefer: 'wait=30' };

/** A payment as `POST /payments` answers it once terminal: the payment, or the rejection. */
export type PaymentReply = HttpReply<
  PaymentState & { status: string; code?: string; reason?: string }
>;

/** The totals of `GET /balances`. */
export interface Balances {
  readonly confirmed: number;
  readonly inFlight: number;
  readonly deposits: number;
  readonly conserved: boolean;
  readonly openPayments: number;
}

/** A fact about a payment's end, as read from `payments.events`. */
export interface TerminalFact {
  readonly eventId: string;
  readonly type: 'payments.payment-completed' | 'payments.payment-failed';
  readonly paymentId: string;
  readonly key: string | null;
  readonly reference?: string;
}

/** Talks to the payments API processes of a system over HTTP, taking turns between them. */
export class PaymentsClient {
  private turn = 0;

  constructor(
    private readonly system: LandscapeSystem,
    private readonly apis: readonly AppProcess[],
  ) {}

  /** Returns the next API's base URL, in turn. */
  url(): string {
    return this.apis[this.turn++ % this.apis.length].url;
  }

  /** Opens an account and returns it. @throws Error when it is not opened. */
  async openAccount(owner: string, currency = 'EUR'): Promise<AccountState> {
    const reply = await http<AccountState>(
      'POST',
      `${this.url()}/accounts`,
      { owner, currency },
      WAIT,
    );
    if (reply.status !== 201)
      throw new Error(`open account: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** Deposits into an account, waiting for the outcome. */
  deposit(
    accountId: string,
    amount: number,
    headers: Record<string, string> = {},
  ): Promise<HttpReply> {
    return http(
      'POST',
      `${this.url()}/accounts/${accountId}/deposits`,
      { amount },
      { ...WAIT, ...headers },
    );
  }

  /** Closes an account, waiting for the outcome. */
  close(accountId: string): Promise<HttpReply> {
    return http('POST', `${this.url()}/accounts/${accountId}/close`, undefined, WAIT);
  }

  /** Asks for a payment; waits for its end unless `headers` say otherwise. */
  pay(
    payment: { from: string; to: string; amount: number; reference?: string },
    headers: Record<string, string> = WAIT,
  ): Promise<PaymentReply> {
    return http('POST', `${this.url()}/payments`, payment, headers) as Promise<PaymentReply>;
  }

  /** Reads a resource of the API. */
  get<T>(path: string): Promise<HttpReply<T>> {
    return http<T>('GET', `${this.url()}${path}`);
  }

  /** Reads the totals, of one currency or of all. */
  async balances(currency?: string): Promise<Balances> {
    return (await this.get<Balances>(`/balances${currency ? `?currency=${currency}` : ''}`)).body;
  }

  /** Waits until no payment is open any more (each completed or failed) and returns the totals. */
  idle(timeoutMs = 60_000): Promise<Balances> {
    return waitFor(
      () => this.balances(),
      (b) => b.openPayments === 0,
      { timeoutMs, what: 'every payment completed or failed' },
    );
  }

  /**
   * Checks what must hold whenever the system is idle: nothing in flight, the confirmed balances
   * summing to the deposits, none below zero, each equal to the sum of its ledger lines, and
   * each payment's ledger lines those of its end (a debit and a credit when completed; none, or
   * a debit and its reversal, when failed).
   */
  async expectConserved(): Promise<void> {
    const totals = await this.idle();
    expect(totals).toMatchObject({ inFlight: 0, conserved: true, confirmed: totals.deposits });
    const db = this.system.db(paymentsService).dataSource;
    const currencies: { currency: string }[] = await db.query(
      `SELECT DISTINCT currency FROM accounts`,
    );
    for (const { currency } of currencies) {
      expect(await this.balances(currency)).toMatchObject({ inFlight: 0, conserved: true });
    }
    const [accounts]: { negative: string; unbalanced: string }[] = await db.query(
      `SELECT count(*) FILTER (WHERE a.balance < 0) AS negative,
              count(*) FILTER (WHERE a.balance <> COALESCE(e.total, 0)) AS unbalanced
         FROM accounts a
         LEFT JOIN (SELECT account_id, sum(amount) AS total FROM account_entries GROUP BY account_id) e
           USING (account_id)`,
    );
    expect(accounts).toEqual({ negative: '0', unbalanced: '0' });
    const steps: { status: string; kinds: string; n: string }[] = await db.query(
      `SELECT p.status, COALESCE(string_agg(e.kind, ',' ORDER BY e.kind), '') AS kinds, count(*) AS n
         FROM payments p LEFT JOIN account_entries e USING (payment_id)
        GROUP BY p.payment_id, p.status`,
    );
    const shapes = new Set(steps.map((s) => `${s.status}:${s.kinds}`));
    for (const shape of shapes)
      expect(['completed:credit,debit', 'failed:', 'failed:debit,reversal']).toContain(shape);
  }

  /** Reads the facts that ended payments, as published on `payments.events`. */
  async terminalFacts(): Promise<TerminalFact[]> {
    const records = await kcatReadAll(this.system.topicsOf(paymentsService).events);
    return records.flatMap((record): TerminalFact[] => {
      const type = record.headers[CloudEventHeaders.type];
      if (type !== 'payments.payment-completed' && type !== 'payments.payment-failed') return [];
      const payload = JSON.parse(record.payload ?? '{}') as {
        paymentId: string;
        reference?: string;
      };
      return [
        {
          eventId: record.headers[CloudEventHeaders.id],
          type,
          paymentId: payload.paymentId,
          key: record.key,
          reference: payload.reference,
        },
      ];
    });
  }
}
