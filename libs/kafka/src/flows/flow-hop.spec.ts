import { CloudEventHeaders } from '@app/events';
import { causalOrder, FlowHop, flowLines, hopOf, isInFlow } from './flow-hop';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function hop(id: string, time: string, causationId?: string, source = 'orders-worker'): FlowHop {
  return {
    topic: 'orders.events',
    partition: 0,
    offset: 0n,
    id,
    type: `type-of-${id}`,
    source,
    time: `2026-01-01T00:00:0${time}.000Z`,
    causationId,
    correlationId: 'request-1',
    traceId: TRACE_ID,
  };
}

describe('flow hops', () => {
  describe(hopOf, () => {
    it('reads ids, cause, correlation and the trace id from the CloudEvents headers', () => {
      const record = {
        partition: 2,
        offset: 7n,
        key: null,
        value: null,
        headers: {
          [CloudEventHeaders.id]: 'e-2',
          [CloudEventHeaders.type]: 'customers.create-customer',
          [CloudEventHeaders.source]: 'orders-worker',
          [CloudEventHeaders.time]: '2026-01-01T00:00:00.000Z',
          [CloudEventHeaders.causationId]: 'e-1',
          [CloudEventHeaders.correlationId]: 'request-1',
          [CloudEventHeaders.traceparent]: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
        },
      };

      expect(hopOf('customers.commands', record)).toEqual({
        topic: 'customers.commands',
        partition: 2,
        offset: 7n,
        id: 'e-2',
        type: 'customers.create-customer',
        source: 'orders-worker',
        time: '2026-01-01T00:00:00.000Z',
        causationId: 'e-1',
        correlationId: 'request-1',
        traceId: TRACE_ID,
      });
    });

    it('reads nothing when the record has no ce_id', () => {
      expect(hopOf('t', { partition: 0, offset: 0n, key: null, value: null, headers: {} })).toBe(
        undefined,
      );
    });
  });

  describe(isInFlow, () => {
    it.each([
      ['its correlation id', 'request-1', true],
      ['its trace id', TRACE_ID, true],
      ['its trace id in upper case', TRACE_ID.toUpperCase(), true],
      ['another id', 'request-2', false],
    ])('tells a hop in the flow named by %s', (_case, id, expected) => {
      expect(isInFlow(hop('e-1', '0'), id)).toBe(expected);
    });
  });

  describe(causalOrder, () => {
    it('puts each hop under its cause, effects of one cause by time, whatever the input order', () => {
      const hops = [
        hop('fact-2', '4', 'command'),
        hop('reply', '3', 'fact-1'),
        hop('command', '0'),
        hop('fact-1', '2', 'command'),
      ];

      expect(causalOrder(hops).map(({ hop, depth }) => `${depth} ${hop.id}`)).toEqual([
        '0 command',
        '1 fact-1',
        '2 reply',
        '1 fact-2',
      ]);
    });

    it('starts a branch at a hop whose cause is not in the flow, and lists a re-published hop once', () => {
      const hops = [hop('late', '5', 'not-read'), hop('first', '1'), hop('first', '1')];

      expect(causalOrder(hops).map(({ hop, depth }) => `${depth} ${hop.id}`)).toEqual([
        '0 first',
        '0 late',
      ]);
    });

    it('still lists every hop when causes form a cycle', () => {
      expect(causalOrder([hop('a', '1', 'b'), hop('b', '2', 'a')])).toHaveLength(2);
    });
  });

  describe(flowLines, () => {
    it('says so when no event of the flow was found', () => {
      expect(flowLines('request-9', [])).toEqual(['no event of flow request-9']);
    });

    it('heads the lines with the count and the trace, then indents each hop under its cause', () => {
      const lines = flowLines('request-1', [
        hop('command', '0', undefined, 'orders-api'),
        hop('fact', '1', 'command'),
      ]);

      expect(lines).toEqual([
        `flow request-1: 2 events, trace ${TRACE_ID}`,
        '2026-01-01T00:00:00.000Z  type-of-command  from orders-api  orders.events/0@0  id command',
        '  2026-01-01T00:00:01.000Z  type-of-fact  from orders-worker  orders.events/0@0  id fact',
      ]);
    });
  });
});
