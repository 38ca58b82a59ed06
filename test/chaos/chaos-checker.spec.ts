import { DeadLetterHeaders } from '@app/events';
import { ChaosEvidence, ReadRecord } from './chaos-evidence';
import { noDuplicateFacts, versionsIncreasePerKey } from './request-invariants';
import { deadLettersAreTheBadInput } from './state-invariants';

let offset = 0;

/** A record as the checker reads it back. */
function fact(fields: Partial<ReadRecord> & Pick<ReadRecord, 'id' | 'type'>): ReadRecord {
  return {
    topic: 'test.orders.events',
    partition: 0,
    offset: offset++,
    key: 'order-1',
    payload: {},
    headers: {},
    ...fields,
  };
}

function evidence(
  topics: Record<string, ReadRecord[]>,
  badInputs: ChaosEvidence['badInputs'] = [],
): ChaosEvidence {
  return {
    requests: [],
    badInputs,
    schemas: {},
    topics: new Map(Object.entries(topics)),
    query: () => Promise.reject(new Error('no database in this spec')),
  };
}

describe('the chaos checker', () => {
  describe('noDuplicateFacts', () => {
    it('passes a fact published again with its id and bytes (at-least-once publishing)', async () => {
      const placed = fact({
        id: 'e1',
        type: 'orders.order-placed',
        trackingId: 't1',
        payload: { version: 1 },
      });
      const result = await noDuplicateFacts(evidence({ 'orders.events': [placed, { ...placed }] }));
      expect(result).toMatchObject({ passed: true, counts: expect.stringContaining('1 copies') });
    });

    it('fails when one command produced two events of one type for one key', async () => {
      const result = await noDuplicateFacts(
        evidence({
          'orders.events': [
            fact({ id: 'e1', type: 'orders.order-paid', trackingId: 't1' }),
            fact({ id: 'e2', type: 'orders.order-paid', trackingId: 't1' }),
          ],
        }),
      );
      expect(result.failures).toEqual([
        'orders.events: t1 orders.order-paid key order-1 published as 2 different events',
      ]);
    });

    it('fails when one event id carries two payloads (a handler that ran twice)', async () => {
      const result = await noDuplicateFacts(
        evidence({
          'orders.events': [
            fact({ id: 'e1', type: 'orders.order-paid', payload: { version: 2 } }),
            fact({ id: 'e1', type: 'orders.order-paid', payload: { version: 3 } }),
          ],
        }),
      );
      expect(result.passed).toBe(false);
    });
  });

  describe('versionsIncreasePerKey', () => {
    it('passes increasing versions and copies of an older event', async () => {
      const v1 = fact({ id: 'e1', type: 'orders.order-placed', payload: { version: 1 } });
      const v2 = fact({ id: 'e2', type: 'orders.order-paid', payload: { version: 2 } });
      const result = await versionsIncreasePerKey(evidence({ 'orders.events': [v1, v2, v1, v2] }));
      expect(result.passed).toBe(true);
    });

    it('fails when a key goes back to an older version under a new event', async () => {
      const result = await versionsIncreasePerKey(
        evidence({
          'orders.events': [
            fact({ id: 'e1', type: 'orders.order-placed', payload: { version: 2 } }),
            fact({ id: 'e2', type: 'orders.order-paid', payload: { version: 2 } }),
          ],
        }),
      );
      expect(result.failures).toEqual([
        'orders.events key order-1: version 2 (orders.order-paid) after 2',
      ]);
    });
  });

  describe('deadLettersAreTheBadInput', () => {
    const bad = { key: 'bad-1', topic: 'p.orders.commands', kind: 'garbage' } as const;
    const letter = (failedAt: string) =>
      fact({
        id: '',
        type: '',
        key: 'bad-1',
        headers: {
          [DeadLetterHeaders.originalTopic]: 'p.orders.commands',
          [DeadLetterHeaders.originalPartition]: '0',
          [DeadLetterHeaders.originalOffset]: '7',
          [DeadLetterHeaders.errorMessage]: 'not JSON',
          [DeadLetterHeaders.failedAt]: failedAt,
        },
      });

    it('passes when each bad event is dead-lettered once, with a reason', async () => {
      const result = await deadLettersAreTheBadInput(
        evidence({ 'orders.commands.dlq': [letter('t1'), letter('t1')] }, [bad]),
      );
      expect(result.passed).toBe(true);
    });

    it('fails on a bad event missing, dead-lettered twice, or a dead letter nobody sent', async () => {
      const missing = await deadLettersAreTheBadInput(evidence({}, [bad]));
      const twice = await deadLettersAreTheBadInput(
        evidence({ 'orders.commands.dlq': [letter('t1'), letter('t2')] }, [bad]),
      );
      const stranger = await deadLettersAreTheBadInput(
        evidence({ 'orders.commands.dlq': [{ ...letter('t1'), key: 'good-1' }] }, []),
      );
      expect([missing.failures, twice.failures, stranger.failures]).toEqual([
        ['p.orders.commands: garbage bad-1 not dead-lettered'],
        ['orders.commands.dlq: p.orders.commands/0/7 dead-lettered 2 times'],
        ['orders.commands.dlq: unexpected dead letter key good-1 (p.orders.commands)'],
      ]);
    });
  });
});
