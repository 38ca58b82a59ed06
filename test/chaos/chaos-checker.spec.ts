import {
  CancelOrder,
  CloudEventHeaders,
  DeadLetterHeaders,
  OrderCancelled,
  OrderPaymentFailed,
  OrderPlaced,
  PlaceOrder,
} from '@app/events';
import { ChaosEvidence, ReadRecord } from './chaos-evidence';
import { flowsEqualTheirFacts } from './flow-invariants';
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
    topicPrefix: 'p.',
    query: () => Promise.reject(new Error('no database in this spec')),
  };
}

/** An event of the run's flow `flow` at `second`, as read back from `p.<topic>`, with every CloudEvents header. */
function flowEvent(topic: string, id: string, type: string, second: number, flow = 't1') {
  return fact({
    topic: `p.${topic}`,
    id,
    type,
    trackingId: flow,
    headers: {
      [CloudEventHeaders.specVersion]: '1.0',
      [CloudEventHeaders.id]: id,
      [CloudEventHeaders.source]: 'orders-worker',
      [CloudEventHeaders.type]: type,
      [CloudEventHeaders.time]: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
      [CloudEventHeaders.trackingId]: flow,
      [CloudEventHeaders.correlationId]: flow,
    },
  });
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

    it('fails on a bad event missing, dead-lettered twice, a dead letter nobody sent, or a dead letter of a dead letter', async () => {
      const missing = await deadLettersAreTheBadInput(evidence({}, [bad]));
      const twice = await deadLettersAreTheBadInput(
        evidence({ 'orders.commands.dlq': [letter('t1'), letter('t2')] }, [bad]),
      );
      const stranger = await deadLettersAreTheBadInput(
        evidence({ 'orders.commands.dlq': [{ ...letter('t1'), key: 'good-1' }] }, []),
      );
      const ofItsDeadLetter = await deadLettersAreTheBadInput(
        evidence(
          {
            'p.orders.commands.dlq': [letter('t1')],
            'p.flows-worker.p.orders.commands.dlq': [
              {
                ...letter('t2'),
                headers: {
                  ...letter('t2').headers,
                  [DeadLetterHeaders.originalTopic]: 'p.orders.commands.dlq',
                },
              },
            ],
          },
          [bad],
        ),
      );
      expect([
        missing.failures,
        twice.failures,
        stranger.failures,
        ofItsDeadLetter.failures,
      ]).toEqual([
        ['p.orders.commands: garbage bad-1 not dead-lettered'],
        ['orders.commands.dlq: p.orders.commands/0/7 dead-lettered 2 times'],
        ['orders.commands.dlq: unexpected dead letter key good-1 (p.orders.commands)'],
        [
          'p.flows-worker.p.orders.commands.dlq: bad-1 is a dead letter of its dead letter in p.orders.commands.dlq',
        ],
      ]);
    });
  });

  describe('flowsEqualTheirFacts', () => {
    const command = flowEvent('orders.commands', 'c1', PlaceOrder.type, 1);
    const placed = flowEvent('orders.events', 'f1', OrderPlaced.type, 2);
    const failed = flowEvent('orders.events', 'f2', OrderPaymentFailed.type, 3);
    const request = {
      seq: 1,
      at: 0,
      op: 'order-known',
      service: 'orders',
      method: 'POST',
      path: '/orders',
      trackingId: 't1',
      status: 202,
      attempts: 1,
    };
    const hop = (topic: string, eventId: string, kind: string, flow = 't1') => ({
      correlation_id: flow,
      topic: `p.${topic}`,
      event_id: eventId,
      kind,
    });
    /** The run's topics, one request, and what the flows view holds. */
    const withView = (
      tables: { flows: object[]; flow_hops: object[] },
      requests = [request],
      topics = { 'orders.commands': [command], 'orders.events': [placed, failed, placed] },
    ): ChaosEvidence => ({
      ...evidence(topics),
      requests,
      schemas: { flows: 's' },
      query: <T>(sql: string) =>
        Promise.resolve((sql.includes('flow_hops') ? tables.flow_hops : tables.flows) as T[]),
    });
    const hops = [
      hop('orders.commands', 'c1', 'command'),
      hop('orders.events', 'f1', 'fact'),
      hop('orders.events', 'f2', 'fact'),
    ];

    it('passes when each flow holds its facts, once each, in the state they make', async () => {
      const result = await flowsEqualTheirFacts(
        withView({
          flows: [{ correlation_id: 't1', flow: PlaceOrder.type, state: 'rejected' }],
          flow_hops: hops,
        }),
      );
      expect(result).toMatchObject({
        passed: true,
        counts: '1 accepted requests, 1 flows, 3 hops',
      });
    });

    it('fails on a missing hop, a state its facts do not make, a running flow, or a request with no flow', async () => {
      const [wrong, running, none] = await Promise.all([
        flowsEqualTheirFacts(
          withView({
            flows: [{ correlation_id: 't1', flow: PlaceOrder.type, state: 'completed' }],
            flow_hops: hops.slice(0, 2),
          }),
        ),
        flowsEqualTheirFacts(
          withView({
            flows: [{ correlation_id: 't1', flow: PlaceOrder.type, state: 'running' }],
            flow_hops: hops,
          }),
        ),
        flowsEqualTheirFacts(withView({ flows: [], flow_hops: [] })),
      ]);
      expect([wrong.failures, running.failures, none.failures]).toEqual([
        [
          'flow t1: 2 hops for 3 on the topics; missing p.orders.events/f2/fact',
          'flow t1: orders.place-order completed, its facts say orders.place-order rejected',
        ],
        [
          'flow t1 (orders.place-order): still running once drained',
          'flow t1: orders.place-order running, its facts say orders.place-order rejected',
        ],
        ['request t1: accepted, no flow', 'flow t1: 3 hops on the topics, no flow'],
      ]);
    });

    describe('an order cancelled by a request of its own while its charge was under way', () => {
      const cancel = flowEvent('orders.commands', 'c2', CancelOrder.type, 3, 't2');
      const cancelled = flowEvent('orders.events', 'f3', OrderCancelled.type, 4, 't2');
      const topics = {
        'orders.commands': [command, cancel],
        'orders.events': [placed, cancelled],
      };
      const requests = [request, { ...request, seq: 2, op: 'order-cancel', trackingId: 't2' }];
      const cancelHops = [
        hop('orders.commands', 'c2', 'command', 't2'),
        hop('orders.events', 'f3', 'fact', 't2'),
      ];
      /** Checks a view holding the order's flow in `state` with `orderHops`, and the cancel's. */
      const check = (state: string, orderHops: object[]) =>
        flowsEqualTheirFacts(
          withView(
            {
              flows: [
                { correlation_id: 't1', flow: PlaceOrder.type, state },
                { correlation_id: 't2', flow: CancelOrder.type, state: 'completed' },
              ],
              flow_hops: [...orderHops, ...cancelHops],
            },
            requests,
            topics,
          ),
        );

      it("passes when the order's flow is cancelled by the other flow's fact, a hop of both", async () => {
        expect(
          await check('cancelled', [...hops.slice(0, 2), hop('orders.events', 'f3', 'fact')]),
        ).toMatchObject({ passed: true, counts: '2 accepted requests, 2 flows, 5 hops' });
      });

      it('fails when the order stays running without the cancelling fact', async () => {
        const result = await check('running', hops.slice(0, 2));
        expect(result.failures).toEqual([
          'flow t1 (orders.place-order): still running once drained',
          'flow t1: 2 hops for 3 on the topics; missing p.orders.events/f3/fact',
          'flow t1: orders.place-order running, its facts say orders.place-order cancelled',
        ]);
      });
    });
  });
});
