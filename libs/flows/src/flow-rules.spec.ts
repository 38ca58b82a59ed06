import {
  CancelOrder,
  CreateCustomer,
  CustomerCreated,
  CustomerRequestRejected,
  OrderCancelled,
  OrderPaid,
  OrderPaymentFailed,
  OrderPlaced,
  PaymentDebit,
  PlaceOrder,
  ShipmentCreated,
} from '@app/events';
import {
  borrowedHops,
  FlowStates,
  Hop,
  HopKind,
  HopKinds,
  orderHops,
  stateAt,
  summarize,
} from './flow-rules';

const T0 = Date.parse('2026-01-01T12:00:00.000Z');

/** A hop `ms` after T0, caused by `cause`. */
function hop(
  eventId: string,
  type: string,
  ms: number,
  cause?: string,
  kind: HopKind = HopKinds.fact,
): Hop {
  return {
    topic: `${type.split('.')[0]}.${kind === HopKinds.command ? 'commands' : 'events'}`,
    eventId,
    type,
    service: type.split('.')[0],
    kind,
    time: new Date(T0 + ms),
    ...(cause === undefined ? {} : { causationId: cause }),
  };
}

/** An order that was placed, paid, and given a shipment. */
const orderFlow: Hop[] = [
  hop('e4', ShipmentCreated.type, 90, 'e3'),
  hop('e1', PlaceOrder.type, 0, undefined, HopKinds.command),
  hop('e3', OrderPaid.type, 60, 'e2'),
  hop('e2', OrderPlaced.type, 20, 'e1'),
];

describe('flow rules', () => {
  describe(orderHops.name, () => {
    it('orders hops by time with the latency since the previous hop and since the start', () => {
      expect(
        orderHops(orderFlow).map((h) => [h.eventId, h.sincePreviousMs, h.sinceStartMs]),
      ).toEqual([
        ['e1', 0, 0],
        ['e2', 20, 20],
        ['e3', 40, 60],
        ['e4', 30, 90],
      ]);
    });

    it('puts a cause before its effect when they share a time, and a dead letter after its event', () => {
      const debit = hop('d1', PaymentDebit.type, 10, 'e2', HopKinds.command);
      const deadLetter = { ...debit, topic: 'payments.commands.dlq', kind: HopKinds.deadLetter };
      const hops = [deadLetter, hop('e2', OrderPlaced.type, 10, 'e1'), debit, orderFlow[1]];

      expect(orderHops(hops).map((h) => [h.eventId, h.kind])).toEqual([
        ['e1', HopKinds.command],
        ['e2', HopKinds.fact],
        ['d1', HopKinds.command],
        ['d1', HopKinds.deadLetter],
      ]);
    });
  });

  describe(summarize.name, () => {
    it('completes an order flow when shipping created its shipment, whatever order the hops came in', () => {
      expect(summarize(orderFlow)).toEqual({
        flow: PlaceOrder.type,
        state: FlowStates.completed,
        startedAt: new Date(T0),
        lastHopAt: new Date(T0 + 90),
        endedAt: new Date(T0 + 90),
      });
    });

    it('keeps an order flow running when it has gone no further than paid', () => {
      expect(summarize(orderFlow.slice(1))).toMatchObject({
        flow: PlaceOrder.type,
        state: FlowStates.running,
      });
      expect(summarize(orderFlow.slice(1)).endedAt).toBeUndefined();
    });

    it('rejects an order flow when its payment failed', () => {
      const failed = [...orderFlow.slice(1, 2), hop('e2', OrderPaymentFailed.type, 30, 'e1')];

      expect(summarize(failed)).toMatchObject({
        state: FlowStates.rejected,
        endedAt: new Date(T0 + 30),
      });
    });

    it('ends another flow at the first fact of its own service: completed, or rejected when it says so', () => {
      const create = hop('c1', CreateCustomer.type, 0, undefined, HopKinds.command);

      expect(summarize([create, hop('c2', CustomerCreated.type, 5, 'c1')])).toMatchObject({
        flow: CreateCustomer.type,
        state: FlowStates.completed,
      });
      expect(summarize([create, hop('c2', CustomerRequestRejected.type, 5, 'c1')])).toMatchObject({
        state: FlowStates.rejected,
      });
      expect(summarize([create])).toMatchObject({ state: FlowStates.running });
    });

    it('says dead-lettered when any event of the flow was set apart, even after its terminal fact', () => {
      const deadLetter: Hop = {
        ...hop('e2', OrderPlaced.type, 200, 'e1'),
        topic: 'payments-worker.orders.events.dlq',
        kind: HopKinds.deadLetter,
        deadLetter: { code: 'handler-failed', reason: 'boom' },
      };

      expect(summarize([...orderFlow, deadLetter])).toMatchObject({
        state: FlowStates.deadLettered,
        endedAt: new Date(T0 + 200),
      });
    });
  });

  describe('an order cancelled by a request of its own', () => {
    const order = 'order-1';
    /** The order's flow until `OrderPlaced` (keyed by the order id), waiting for its charge. */
    const placed = [orderFlow[1], { ...hop('e2', OrderPlaced.type, 20, 'e1'), subject: order }];
    /** The cancelling request's flow: its command and `OrderCancelled`, keyed by the order id. */
    const cancel = [
      hop('x1', CancelOrder.type, 40, undefined, HopKinds.command),
      { ...hop('x2', OrderCancelled.type, 50, 'x1'), subject: order },
    ];

    it("cancels the order's flow at the other flow's fact, marked with where it comes from", () => {
      const borrowed = borrowedHops(
        new Map([
          ['t-order', placed],
          ['t-cancel', cancel],
        ]),
      );

      expect([...borrowed.keys()]).toEqual(['t-order']);
      expect(borrowed.get('t-order')).toEqual([{ ...cancel[1], fromFlow: 't-cancel' }]);
      expect(summarize([...placed, ...(borrowed.get('t-order') ?? [])])).toMatchObject({
        flow: PlaceOrder.type,
        state: FlowStates.cancelled,
        endedAt: new Date(T0 + 50),
      });
      expect(summarize(cancel)).toMatchObject({
        flow: CancelOrder.type,
        state: FlowStates.completed,
      });
    });

    it('finds the same whichever flow was seen first, and in whatever order the hops came', () => {
      const borrowed = borrowedHops(
        new Map([
          ['t-cancel', [...cancel].reverse()],
          ['t-order', [...placed].reverse()],
        ]),
      );

      expect(borrowed.get('t-order')).toEqual([{ ...cancel[1], fromFlow: 't-cancel' }]);
      expect(summarize([...(borrowed.get('t-order') ?? []), ...placed]).state).toBe(
        FlowStates.cancelled,
      );
    });

    it('leaves an order of another id, and a flow of the same request, alone', () => {
      const other = [
        orderFlow[1],
        { ...hop('e2', OrderPlaced.type, 20, 'e1'), subject: 'order-2' },
      ];

      expect(
        borrowedHops(
          new Map([
            ['t-other', other],
            ['t-cancel', cancel],
          ]),
        ).size,
      ).toBe(0);
      expect(borrowedHops(new Map([['t-both', [...placed, ...cancel]]])).size).toBe(0);
    });

    it('keeps an order completed when it was cancelled after its shipment was created', () => {
      const late = { ...cancel[1], time: new Date(T0 + 500), fromFlow: 't-cancel' };

      expect(summarize([...orderFlow, late])).toMatchObject({
        state: FlowStates.completed,
        endedAt: new Date(T0 + 90),
        lastHopAt: new Date(T0 + 500),
      });
    });

    it('ends no flow of a type that lists no such cancellation', () => {
      const create = hop('c1', CreateCustomer.type, 0, undefined, HopKinds.command);

      expect(summarize([create, { ...cancel[1], fromFlow: 't-cancel' }]).state).toBe(
        FlowStates.running,
      );
    });
  });

  describe('a replayed dead letter', () => {
    it('no longer makes its flow dead-lettered: the flow goes on from its replay', () => {
      const debit = hop('d1', PaymentDebit.type, 30, 'e2', HopKinds.command);
      const hops = [
        ...orderFlow.slice(1, 2),
        hop('e2', OrderPlaced.type, 20, 'e1'),
        debit,
        { ...debit, topic: 'payments.commands.dlq', kind: HopKinds.deadLetter },
      ];
      const replay: Hop = { ...debit, kind: HopKinds.replayed };

      expect(summarize(hops).state).toBe(FlowStates.deadLettered);
      expect(summarize([...hops, replay]).state).toBe(FlowStates.running);
      expect(
        orderHops([...hops, replay])
          .map((h) => h.kind)
          .slice(-3),
      ).toEqual([HopKinds.command, HopKinds.deadLetter, HopKinds.replayed]);
    });
  });

  describe(stateAt.name, () => {
    const running = summarize(orderFlow.slice(1));

    it('says stuck when a running flow has had no hop for longer than the threshold', () => {
      expect(stateAt(running, new Date(T0 + 60 + 301_000), 300_000)).toBe(FlowStates.stuck);
    });

    it('says running when its last hop is within the threshold', () => {
      expect(stateAt(running, new Date(T0 + 60 + 299_000), 300_000)).toBe(FlowStates.running);
    });

    it('never says stuck of an ended flow', () => {
      expect(stateAt(summarize(orderFlow), new Date(T0 + 10_000_000), 300_000)).toBe(
        FlowStates.completed,
      );
    });
  });
});
