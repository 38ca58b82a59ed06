import { Client } from 'pg';
import { RequestOutcome } from './request-outcome';
import { REQUEST_OUTCOME_CHANNEL, RequestOutcomeRepository } from './request-outcome.repository';

/** Tunes waiting. */
export interface OutcomeWaiterOptions {
  /** A `postgresql://` URL for the dedicated LISTEN connection. */
  readonly url: string;
  /** How often to read the table while waiting, in case a notification is missed. @default 1000 */
  readonly pollIntervalMs?: number;
  /** Wait before reconnecting a lost LISTEN connection. @default 1000 */
  readonly reconnectDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Waits for the outcome of a tracked request: any API replica LISTENs on PostgreSQL for the
 * worker's NOTIFY and reads the outcome when it comes; a slow poll covers a lost connection.
 */
export class RequestOutcomeWaiter {
  private client?: Client;
  private closed = false;
  private readonly waiting = new Map<string, Set<() => void>>();

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

  /** Resolves with the request's outcome as soon as it exists, or null after `timeoutMs`. */
  async waitFor(trackingId: string, timeoutMs: number): Promise<RequestOutcome | null> {
    const deadline = Date.now() + timeoutMs;
    let wake: () => void = () => undefined;
    const wakers = this.waiting.get(trackingId) ?? new Set<() => void>();
    this.waiting.set(trackingId, wakers);
    try {
      for (;;) {
        // Register before reading, so that a notification between the two is not lost.
        const notified = new Promise<void>((resolve) => {
          wake = resolve;
          wakers.add(resolve);
        });
        const outcome = await this.outcomes.find(trackingId);
        if (outcome || this.closed) return outcome;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          notified,
          new Promise((resolve) => {
            timer = setTimeout(resolve, Math.min(left, this.options.pollIntervalMs ?? 1000));
          }),
        ]);
        clearTimeout(timer);
        wakers.delete(wake);
      }
    } finally {
      wakers.delete(wake);
      if (wakers.size === 0) this.waiting.delete(trackingId);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'outcome-waiter',
    });
    client.on('notification', (message) => {
      if (message.channel !== REQUEST_OUTCOME_CHANNEL || !message.payload) return;
      for (const wake of this.waiting.get(message.payload) ?? []) wake();
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
