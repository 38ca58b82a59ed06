import { CloudEventHeaders, DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { kcatReadAll, waitFor } from '@app/testing';
import { LedgerHarness } from './ledger-harness';

/**
 * PostgreSQL text and jsonb cannot hold a NUL character, and any Kafka client can put one in a
 * header or a key. Such an event must be set aside like any bad event, and never stop the events
 * behind it on its partition (a failing outcome or dead-letter write would, forever).
 */
describe('Events whose headers or key hold a NUL character (real Kafka and PostgreSQL)', () => {
  const ledger = new LedgerHarness(1);

  beforeAll(() => ledger.setUp());
  afterAll(() => ledger.tearDown());

  it('dead-letters them with what can be kept, answers no request with such an id, and applies the rest', async () => {
    await ledger.startWorker({ handler: 'single' });
    const deposit = (seq: number, trackingId?: string) =>
      ledger.depositRecord({ account: 'nul', seq, amount: 10, trackingId });
    const withHeaders = (seq: number, headers: Record<string, string>) => {
      const record = deposit(seq);
      return { ...record, headers: { ...record.headers, ...headers } };
    };

    await ledger.sendRecords([
      deposit(1, 'before'),
      withHeaders(2, { [CloudEventHeaders.trackingId]: 'nul\u0000tracking' }),
      withHeaders(2, { [CloudEventHeaders.id]: 'nul\u0000id' }),
      { ...withHeaders(2, { 'x-note': 'a\u0000b' }), key: 'nul\u0000key', value: Buffer.from('{') },
      deposit(2, 'after'),
    ]);

    const account = await waitFor(
      async () => (await ledger.accounts()).find((a) => a.account === 'nul'),
      (a) => a?.applied === 2,
      { what: 'the two good deposits applied' },
    );
    expect(account).toMatchObject({ balance: 20, last_seq: 2, order_violations: 0 });

    const dlq = await waitFor(
      () => kcatReadAll(deadLetterTopicOf(ledger.inputTopic)),
      (records) => records.length >= 3,
      { what: '3 dead letters' },
    );
    expect(dlq.map((r) => r.headers[DeadLetterHeaders.errorCode])).toEqual([
      'malformed-event',
      'malformed-event',
      'malformed-event',
    ]);
    expect(dlq[0].headers[CloudEventHeaders.trackingId]).toBe('nul\uFFFDtracking');
    expect(dlq[1].headers[CloudEventHeaders.id]).toBe('nul\uFFFDid');
    expect(dlq[2]).toMatchObject({ key: 'nul\uFFFDkey', payload: '{' });
    expect(dlq[2].headers['x-note']).toBe('a\uFFFDb');

    const outcomes = await ledger.db.dataSource.query(
      `SELECT tracking_id, status FROM request_outcomes ORDER BY tracking_id`,
    );
    expect(outcomes).toEqual([
      { tracking_id: 'after', status: 'accepted' },
      { tracking_id: 'before', status: 'accepted' },
    ]);
  });
});
