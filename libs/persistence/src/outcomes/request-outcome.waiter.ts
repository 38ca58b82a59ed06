import { Client } from 'pg';
import { DatabaseTls, pgSslOf } from '../data-source/database-tls';
import { RequestOutcome } from './request-outcome';
import {
  parseOutcomeAnnouncement,
  REQUEST_OUTCOME_CHANNEL,
  RequestOutcomeRepository,
} from './request-outcome.repository';

/** Tunes waiting. */
export interface OutcomeWaiterOptions {
  /** A `postgresql://` URL for the dedicated LISTEN connection. */
  readonly url: string;
  /** TLS to the server, as the service's DataSource has it. */
  readonly tls?: DatabaseTls;
  /** How often to read the table while waiting, in case a notification is missed. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Wait before reconnecting a lost LISTEN connection. @default 1000 */
  readonly reconnectDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Wakes one waiter, with the outcome when the announcement carried it. */
type Waker = (outcome?: RequestOutcome) => void;

/**
 * Waits for the outcome of a tracked request: any API replica LISTENs on PostgreSQL for the
 * worker's NOTIFY, which carries the outcome (or only the tracking id, when the outcome is too
 * big: then it is read); a slow poll covers a lost connection.
 */
export class RequestOutcomeWaiter {
  private client?: Client;
  /** Counts LISTEN connections: a wait that saw one number throughout missed no announcement. */
  private connection = 0;
  private closed = false;
  private readonly waiting = new Map<string, Set<Waker>>();

  constructor(
    private readonly outcomes: RequestOutcomeRepository,
    private readonly options: OutcomeWaiterOptions,
  ) {}

  /** Opens the LISTEN connection; waiting works without it (by polling) until it is up. */
  async start(): Promise<void> {
    this.closed = false;
    await this.listen().catch((error: unknown) => this.reconnectLater(error));
  }

  /** Closes the LISTEN connection and wakes every waiter. */
  async stop(): Promise<void> {
    this.closed = true;
    for (const wakers of this.waiting.values()) for (const wake of wakers) wake();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  /** Tells whether notifications are being received (else waiting falls back to polling). */
  isListening(): boolean {
    return this.client !== undefined;
  }

  /**
   * Resolves with the request's outcome as soon as it exists, or null after `timeoutMs`.
   *
   * `cause` is what makes the outcome happen, such as sending the command; only for a tracking
   * id that can have no outcome before it runs. The wait is then registered before `cause`
   * runs, and the table is not read up front while the LISTEN connection stays up: the
   * announcement alone answers. Without `cause`, the table is read first.
   */
  async waitFor(
    trackingId: string,
    timeoutMs: number,
    cause?: () => Promise<void>,
  ): Promise<RequestOutcome | null> {
    const deadline = Date.now() + timeoutMs;
    let wake: Waker = () => undefined;
    const wakers = this.waiting.get(trackingId) ?? new Set<Waker>();
    this.waiting.set(trackingId, wakers);
    // Register before reading or causing, so that an announcement in between is not lost.
    const next = () =>
      new Promise<RequestOutcome | undefined>((resolve) => {
        wake = resolve;
        wakers.add(resolve);
      });
    try {
      let announced = next();
      const listening = this.client ? this.connection : undefined;
      await cause?.();
      let read = !cause || listening !== this.connection || !this.client;
      for (;;) {
        const outcome = read ? await this.outcomes.find(trackingId) : null;
        if (outcome || this.closed) return outcome;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        let timer: NodeJS.Timeout | undefined;
        const woken = await Promise.race([
          announced,
          new Promise<'poll'>((resolve) => {
            timer = setTimeout(
              () => resolve('poll'),
              Math.min(left, this.options.pollIntervalMs ?? 1000),
            );
          }),
        ]);
        clearTimeout(timer);
        if (woken !== undefined && woken !== 'poll') return woken;
        wakers.delete(wake);
        announced = next();
        read = true;
      }
    } finally {
      wakers.delete(wake);
      if (wakers.size === 0) this.waiting.delete(trackingId);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      ssl: pgSslOf(this.options.tls),
      application_name: 'outcome-waiter',
    });
    client.on('notification', (message) => {
      if (message.channel !== REQUEST_OUTCOME_CHANNEL || !message.payload) return;
      const announcement = parseOutcomeAnnouncement(message.payload);
      const wakers = announcement && this.waiting.get(announcement.trackingId);
      if (!wakers) return;
      let outcome: RequestOutcome | undefined;
      try {
        outcome = announcement.outcome?.();
      } catch {
        // Not an outcome we can read: the waiters read the table instead.
      }
      for (const wake of wakers) wake(outcome);
    });
    client.on('error', (error) => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater(error);
    });
    await client.connect();
    await client.query(`LISTEN ${REQUEST_OUTCOME_CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.connection++;
    this.client = client;
  }

  private reconnectLater(error: unknown): void {
    this.options.onError?.(error);
    if (this.closed) return;
    setTimeout(() => {
      if (!this.closed && !this.client)
        void this.listen().catch((e: unknown) => this.reconnectLater(e));
    }, this.options.reconnectDelayMs ?? 1000).unref();
  }
}
