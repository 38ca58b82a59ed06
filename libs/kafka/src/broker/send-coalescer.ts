interface PendingSend<T> {
  readonly items: readonly T[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Merges the sends that arrive while one is in flight into the next single request, in arrival
 * order, so that concurrent callers (HTTP requests, partitions) share round trips instead of
 * queueing one by one behind a producer with one request in flight. Each caller resolves when
 * the request carrying its items is acknowledged, and gets that request's error if it fails.
 */
export class SendCoalescer<T> {
  private readonly queue: PendingSend<T>[] = [];
  private pumping = false;

  /**
   * @param maxItems merges no further call once a request holds this many items (a call is never split).
   * @param gather when idle, waits for the current turn of the event loop to end before sending,
   *   so that calls made in the same turn (batches of one fetch, say) share the first request too.
   * @param sendsAloneAfter tells the failures of a merged request after which each of its calls
   *   is sent again alone, so that each gets a verdict of its own (a refused record, say).
   */
  constructor(
    private readonly sendAll: (items: T[]) => Promise<void>,
    private readonly maxItems = 2_000,
    private readonly gather = false,
    private readonly sendsAloneAfter: (error: unknown) => boolean = () => false,
  ) {}

  /** Sends `items` in the next request; resolves once it is acknowledged. */
  send(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (this.pumping) return;
      if (!this.gather) void this.pump();
      else if (this.queue.length === 1) setImmediate(() => void this.pump());
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const calls = this.takeRequest();
        try {
          await this.sendAll(calls.flatMap((call) => [...call.items]));
          for (const call of calls) call.resolve();
        } catch (error) {
          if (calls.length > 1 && this.sendsAloneAfter(error)) await this.sendAlone(calls);
          else for (const call of calls) call.reject(error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async sendAlone(calls: readonly PendingSend<T>[]): Promise<void> {
    for (const call of calls) {
      try {
        await this.sendAll([...call.items]);
        call.resolve();
      } catch (error) {
        call.reject(error);
      }
    }
  }

  private takeRequest(): PendingSend<T>[] {
    const calls = [this.queue.shift() as PendingSend<T>];
    let size = calls[0].items.length;
    while (this.queue.length > 0 && size + this.queue[0].items.length <= this.maxItems) {
      const call = this.queue.shift() as PendingSend<T>;
      size += call.items.length;
      calls.push(call);
    }
    return calls;
  }
}
