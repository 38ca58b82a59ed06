import { StoredOutboxRecord } from '@app/persistence';
import { BrokerProducer, OutboundRecord } from '../broker/broker-producer';
import { RecordRefusedError } from '../errors/record-refused.error';
import { reportSetApart, sendOrSetApart } from './send-or-set-apart';

function row(eventId: string): StoredOutboxRecord {
  return {
    id: eventId.replace(/\D/g, '') || '0',
    eventId,
    topic: 'test.events',
    key: 'k',
    value: Buffer.from(eventId),
    headers: {},
  };
}

/** A broker that refuses any request holding a `big` record, as it refuses a too-large batch whole. */
class RefusingProducer implements BrokerProducer {
  readonly published: string[] = [];
  requests = 0;

  constructor(private readonly failure?: Error) {}

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  async send(records: readonly OutboundRecord[]): Promise<void> {
    this.requests += 1;
    if (this.failure) throw this.failure;
    if (records.some((record) => record.value?.toString().startsWith('big')))
      throw new RecordRefusedError('MESSAGE_TOO_LARGE', 'too large');
    this.published.push(...records.map((record) => String(record.value)));
  }
}

describe(sendOrSetApart.name, () => {
  it('sends every row in one request and refuses none when the broker takes them all', async () => {
    const producer = new RefusingProducer();

    const refused = await sendOrSetApart(producer, [row('e1'), row('e2')]);

    expect(refused).toEqual([]);
    expect(producer.published).toEqual(['e1', 'e2']);
    expect(producer.requests).toBe(1);
  });

  it('returns the refused rows with the broker code and publishes the others in order when some are refused', async () => {
    const producer = new RefusingProducer();
    const rows = ['e1', 'e2', 'big3', 'e4', 'e5', 'big6', 'e7'].map(row);

    const refused = await sendOrSetApart(producer, rows);

    expect(refused.map((r) => [r.record.eventId, r.reason])).toEqual([
      ['big3', 'MESSAGE_TOO_LARGE'],
      ['big6', 'MESSAGE_TOO_LARGE'],
    ]);
    expect(producer.published).toEqual(['e1', 'e2', 'e4', 'e5', 'e7']);
  });

  it('rejects with the producer error when the failure is not a refusal', async () => {
    const down = new Error('broker unreachable');

    await expect(sendOrSetApart(new RefusingProducer(down), [row('e1')])).rejects.toBe(down);
  });
});

describe(reportSetApart.name, () => {
  it('logs one error naming each set-aside row, its topic, size and reason, and counts it', () => {
    const lines: string[] = [];
    const counted: string[] = [];

    reportSetApart(
      [{ record: row('big3'), reason: 'MESSAGE_TOO_LARGE', error: 'too large' }],
      { error: (line) => lines.push(line) },
      (topic, reason) => counted.push(`${topic}/${reason}`),
    );

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/big3 for test\.events \(4 bytes\).*MESSAGE_TOO_LARGE/);
    expect(counted).toEqual(['test.events/MESSAGE_TOO_LARGE']);
  });
});
