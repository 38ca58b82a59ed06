import { OutboxSource, RefusedOutboxRecord, StoredOutboxRecord } from '@app/persistence';
import { DataSource } from 'typeorm';
import { BrokerProducer, OutboundRecord } from '../broker/broker-producer';
import { FlushedOutbox, HELD_BACK_WAIT_MS, OutboxFlusher } from './outbox-flusher';

const SOURCE: OutboxSource = { topic: 'orders.events', partition: 1 };

function row(id: string): StoredOutboxRecord {
  return {
    id,
    eventId: `e-${id}`,
    topic: 'shipping.events',
    key: 'shipment-1',
    value: null,
    headers: { ce_id: `e-${id}` },
  };
}

/**
 * The outbox of one partition whose rows are held back while `heldFor` more reads go by: as
 * while an older row of their key, written from another partition, is being published.
 */
class HeldBackOutbox implements FlushedOutbox {
  reads = 0;

  constructor(
    private rows: StoredOutboxRecord[],
    private heldFor: number,
  ) {}

  async pendingFrom(): Promise<StoredOutboxRecord[]> {
    this.reads += 1;
    return this.reads > this.heldFor ? this.rows : [];
  }

  async anyFrom(): Promise<boolean> {
    return this.rows.length > 0;
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.rows = this.rows.filter((r) => !ids.includes(r.id));
  }

  async setAside(_refused: readonly RefusedOutboxRecord[]): Promise<void> {}
}

class RecordingProducer implements BrokerProducer {
  readonly sent: string[] = [];
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async send(records: readonly OutboundRecord[]): Promise<void> {
    this.sent.push(...records.map((r) => String(r.headers?.['ce_id'] ?? r.key)));
  }
}

function flusherOn(outbox: FlushedOutbox, producer: BrokerProducer): OutboxFlusher {
  return new OutboxFlusher({} as DataSource, producer, undefined, outbox);
}

describe(OutboxFlusher.name, () => {
  afterEach(() => jest.useRealTimers());

  it('publishes a held-back row as soon as the older row of its key is gone', async () => {
    const outbox = new HeldBackOutbox([row('7')], 2);
    const producer = new RecordingProducer();

    const flushed = await flusherOn(outbox, producer).flush(SOURCE);

    expect(flushed).toBe(1);
    expect(producer.sent).toEqual(['e-7']);
    expect(outbox.reads).toBe(3);
    expect(await outbox.anyFrom()).toBe(false);
  });

  it('leaves a row held back past the wait to the relay, and publishes nothing out of order', async () => {
    jest.useFakeTimers();
    const outbox = new HeldBackOutbox([row('7')], Number.MAX_SAFE_INTEGER);
    const producer = new RecordingProducer();

    const flushing = flusherOn(outbox, producer).flush(SOURCE);
    await jest.advanceTimersByTimeAsync(HELD_BACK_WAIT_MS + 100);

    expect(await flushing).toBe(0);
    expect(producer.sent).toEqual([]);
    expect(await outbox.anyFrom()).toBe(true);
  });

  it('returns at once when nothing of the partition waits', async () => {
    const outbox = new HeldBackOutbox([], 0);

    expect(await flusherOn(outbox, new RecordingProducer()).flush(SOURCE)).toBe(0);
    expect(outbox.reads).toBe(1);
  });
});
