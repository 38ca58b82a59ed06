import {
  CancelOrder,
  OrderCancelled,
  OrderPlaced,
  PlaceOrder,
  ShipmentCreated,
  Topics,
} from '@app/events';
import { createDataSource, migrate } from '@app/persistence';
import { stackConfig, uniqueName, uniqueSchema, waitFor } from '@app/testing';
import { DataSource } from 'typeorm';
import { FlowHopEntity } from './flow-hop.entity';
import { FlowHop } from './flow-inputs';
import { FlowStates, HopKinds } from './flow-rules';
import { FlowViewRepository } from './flow-view.repository';
import { FlowEntity } from './flow.entity';
import { flowsMigrations } from './flows.constants';

const T0 = Date.parse('2026-01-01T12:00:00.000Z');

describe(`${FlowViewRepository.name} (PostgreSQL)`, () => {
  let dataSource: DataSource;
  const applicationName = uniqueName('flows-view');

  beforeAll(async () => {
    dataSource = createDataSource({
      url: stackConfig().databaseUrl,
      schema: uniqueSchema('flows'),
      migrations: flowsMigrations,
      entities: [FlowEntity, FlowHopEntity],
      poolSize: 4,
      applicationName,
    });
    await dataSource.initialize();
    await migrate(dataSource);
  });
  afterAll(async () => {
    const { schema } = dataSource.options as { schema: string };
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource.destroy();
  });

  /** A hop of flow `correlationId` at `ms` after T0, about `subject` when given. */
  function hopOf(
    correlationId: string,
    type: string,
    ms: number,
    subject?: string,
  ): FlowHop & { readonly hop: { readonly eventId: string } } {
    const command = type === PlaceOrder.type || type === CancelOrder.type;
    return {
      correlationId,
      hop: {
        topic: command
          ? Topics.orderCommands
          : type === ShipmentCreated.type
            ? 'shipping.events'
            : Topics.orderEvents,
        eventId: uniqueName('event'),
        type,
        service: type.split('.')[0],
        kind: command ? HopKinds.command : HopKinds.fact,
        time: new Date(T0 + ms),
        ...(subject === undefined ? {} : { subject }),
      },
    };
  }

  /** An order's flow until placed, and a cancel's flow of the same order, with their ids. */
  function orderAndCancel() {
    const [order, placeId, cancelId] = [
      uniqueName('order'),
      uniqueName('place'),
      uniqueName('cancel'),
    ];
    return {
      placeId,
      cancelId,
      placed: [
        hopOf(placeId, PlaceOrder.type, 0, order),
        hopOf(placeId, OrderPlaced.type, 10, order),
      ],
      cancelled: [
        hopOf(cancelId, CancelOrder.type, 20, order),
        hopOf(cancelId, OrderCancelled.type, 30, order),
      ],
    };
  }

  const record = (flowHop: FlowHop) =>
    dataSource.transaction((manager) => new FlowViewRepository(manager).record(flowHop));

  async function stateOf(correlationId: string) {
    const stored = await new FlowViewRepository(dataSource.manager).find(correlationId);
    return {
      state: stored?.flow.state,
      fromFlows: stored?.hops.flatMap((hop) => (hop.fromFlow ? [[hop.type, hop.fromFlow]] : [])),
    };
  }

  it("cancels an order's flow at the cancel's fact seen after its OrderPlaced, and says so", async () => {
    const { placeId, cancelId, placed, cancelled } = orderAndCancel();
    for (const flowHop of [...placed, cancelled[0]]) await record(flowHop);

    const transitions = await record(cancelled[1]);

    expect(transitions.map(({ before, after }) => [before, after.flow, after.state])).toEqual([
      [FlowStates.running, CancelOrder.type, FlowStates.completed],
      [FlowStates.running, PlaceOrder.type, FlowStates.cancelled],
    ]);
    expect(await stateOf(placeId)).toEqual({
      state: FlowStates.cancelled,
      fromFlows: [[OrderCancelled.type, cancelId]],
    });
    expect((await stateOf(cancelId)).state).toBe(FlowStates.completed);
  });

  it("cancels an order's flow whose OrderPlaced is seen after the cancel's fact", async () => {
    const { placeId, cancelId, placed, cancelled } = orderAndCancel();
    for (const flowHop of [...cancelled, ...placed]) await record(flowHop);

    expect(await stateOf(placeId)).toEqual({
      state: FlowStates.cancelled,
      fromFlows: [[OrderCancelled.type, cancelId]],
    });
  });

  it('keeps an order completed when it is cancelled after its shipment was created', async () => {
    const { placeId, placed, cancelled } = orderAndCancel();
    const shipped = hopOf(placeId, ShipmentCreated.type, 15, 'shipment-1');
    const late = { ...cancelled[1], hop: { ...cancelled[1].hop, time: new Date(T0 + 500) } };
    for (const flowHop of [...placed, shipped, cancelled[0], late]) await record(flowHop);

    expect((await stateOf(placeId)).state).toBe(FlowStates.completed);
  });

  it('finds the cancel committed while the OrderPlaced waited for it: the two meet on their subject', async () => {
    const { placeId, placed, cancelled } = orderAndCancel();
    await record(placed[0]);
    let commit = () => {};
    const gate = new Promise<void>((resolve) => (commit = resolve));
    let held = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    const cancelling = dataSource.transaction(async (manager) => {
      await new FlowViewRepository(manager).record(cancelled[1]);
      held();
      await gate;
    });
    await holding;
    const placing = record(placed[1]);
    await waitFor(
      () =>
        dataSource.query<unknown[]>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [applicationName],
        ),
      (waiting) => waiting.length === 1,
      { what: 'the OrderPlaced waiting for the lock on its subject' },
    );
    commit();
    await Promise.all([cancelling, placing]);

    expect((await stateOf(placeId)).state).toBe(FlowStates.cancelled);
  });
});
