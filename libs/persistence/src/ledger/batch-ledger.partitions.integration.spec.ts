import {
  createTestDatabase,
  deferred,
  LedgerFixture,
  stillPendingAfter,
  TestDatabase,
} from '@app/testing';
import { PostgresBatchLedger } from './postgres-batch-ledger';

describe(`${PostgresBatchLedger.name} positions of several partitions`, () => {
  let db: TestDatabase;
  let fixture: LedgerFixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = new LedgerFixture(db.dataSource);
  });
  afterAll(() => db?.drop());

  describe('lockPositions of several partitions', () => {
    it('returns the positions of several partitions in the order asked, null where none is stored', async () => {
      const { groupId, topic } = fixture.freshRef();
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, { groupId, topic, partition: 2 });
        await fixture.advance(manager, { groupId, topic, partition: 2 }, 20n);
        await fixture.lock(manager, { groupId, topic, partition: 0 });
        await fixture.advance(manager, { groupId, topic, partition: 0 }, 5n);
      });

      const positions = await db.dataSource.transaction((manager) =>
        fixture.ledgerOf(groupId).lockPositions(manager, [
          { topic, partition: 2 },
          { topic, partition: 7 },
          { topic, partition: 0 },
        ]),
      );

      expect(positions).toEqual([20n, null, 5n]);
    });

    it('locks every row it returns: a transaction locking any of them waits for the commit', async () => {
      const { groupId, topic } = fixture.freshRef();
      const held = deferred();
      const locked = deferred();
      const holder = db.dataSource.transaction(async (manager) => {
        await fixture.ledgerOf(groupId).lockPositions(manager, [
          { topic, partition: 0 },
          { topic, partition: 1 },
        ]);
        await fixture.advance(manager, { groupId, topic, partition: 1 }, 9n);
        locked.resolve();
        await held.promise;
      });
      await locked.promise;

      const waiter = fixture.lockInOwnTransaction({ groupId, topic, partition: 1 });

      expect(await stillPendingAfter(waiter, 300)).toBe(true);
      held.resolve();
      await holder;
      expect(await waiter).toBe(9n);
    });

    it('never deadlocks two transactions that ask for the same partitions in opposite orders', async () => {
      const { groupId, topic } = fixture.freshRef();
      const all = [0, 1, 2, 3].map((partition) => ({ topic, partition }));
      await db.dataSource.transaction((manager) =>
        fixture.ledgerOf(groupId).lockPositions(manager, all),
      );

      const rounds = Array.from({ length: 20 }, (_, i) =>
        db.dataSource.transaction(async (manager) => {
          const order = i % 2 === 0 ? all : [...all].reverse();
          const before = await fixture.ledgerOf(groupId).lockPositions(manager, order);
          for (const ref of order)
            await fixture.advance(manager, { groupId, ...ref }, BigInt(i + 1));
          return before;
        }),
      );

      // A deadlock would fail one of them (PostgreSQL aborts one transaction of a cycle).
      await expect(Promise.all(rounds)).resolves.toHaveLength(20);
    });
  });

  describe('readPositions', () => {
    it('returns the stored positions of the asked partitions and leaves out unset or unasked ones', async () => {
      const { groupId, topic } = fixture.freshRef();
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, { groupId, topic, partition: 0 });
        await fixture.advance(manager, { groupId, topic, partition: 0 }, 11n);
        await fixture.lock(manager, { groupId, topic, partition: 1 }); // created, never advanced
        await fixture.lock(manager, { groupId, topic, partition: 2 });
        await fixture.advance(manager, { groupId, topic, partition: 2 }, 22n);
        await fixture.lock(manager, { groupId, topic, partition: 3 });
        await fixture.advance(manager, { groupId, topic, partition: 3 }, 33n);
      });

      const positions = await fixture.ledgerOf(groupId).readPositions(topic, [0, 1, 2, 4]);

      expect(positions).toEqual(
        new Map([
          [0, 11n],
          [2, 22n],
        ]),
      );
    });

    it('reads without waiting when another transaction holds the row lock', async () => {
      const ref = fixture.freshRef();
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        await fixture.advance(manager, ref, 8n);
      });
      const locked = deferred();
      const release = deferred();
      const holder = db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        locked.resolve();
        await release.promise;
      });
      await locked.promise;

      try {
        expect(
          await fixture.ledgerOf(ref.groupId).readPositions(ref.topic, [ref.partition]),
        ).toEqual(new Map([[0, 8n]]));
      } finally {
        release.resolve();
        await holder;
      }
    });
  });
});
