import { createTestDatabase, TestDatabase, uniqueName } from '@app/testing';
import { PartitionPositionStore, PartitionRef } from './partition-position.store';

/** A promise the test settles by hand, to hold a transaction open. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Tells whether a promise is still pending after `ms`. */
async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol('pending');
  const winner = await Promise.race([
    promise,
    new Promise((resolve) => setTimeout(() => resolve(pending), ms)),
  ]);
  return winner === pending;
}

describe(PartitionPositionStore.name, () => {
  let db: TestDatabase;
  let store: PartitionPositionStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PartitionPositionStore(db.dataSource);
  });
  afterAll(() => db?.drop());

  function freshRef(partition = 0): PartitionRef {
    return { groupId: uniqueName('test-group'), topic: uniqueName('test-topic'), partition };
  }

  function lockInOwnTransaction(ref: PartitionRef): Promise<bigint | null> {
    return db.dataSource.transaction((manager) => store.lock(manager, ref));
  }

  describe('lock', () => {
    it('returns null when no position was ever stored for the partition', async () => {
      expect(await lockInOwnTransaction(freshRef())).toBeNull();
    });

    it('returns the advanced position when a previous transaction advanced it', async () => {
      const ref = freshRef();
      await db.dataSource.transaction(async (manager) => {
        expect(await store.lock(manager, ref)).toBeNull();
        await store.advance(manager, ref, 42n);
      });

      expect(await lockInOwnTransaction(ref)).toBe(42n);
    });

    it('keeps the old position when the transaction that advanced it rolled back', async () => {
      const ref = freshRef();
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        await store.advance(manager, ref, 10n);
      });

      await expect(
        db.dataSource.transaction(async (manager) => {
          await store.lock(manager, ref);
          await store.advance(manager, ref, 20n);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');

      expect(await lockInOwnTransaction(ref)).toBe(10n);
    });

    it('keeps positions apart when groups, topics or partitions differ', async () => {
      const ref = freshRef(0);
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        await store.advance(manager, ref, 7n);
      });

      expect(await lockInOwnTransaction({ ...ref, partition: 1 })).toBeNull();
      expect(await lockInOwnTransaction({ ...ref, groupId: uniqueName('test-group') })).toBeNull();
      expect(await lockInOwnTransaction({ ...ref, topic: uniqueName('test-topic') })).toBeNull();
      expect(await lockInOwnTransaction(ref)).toBe(7n);
    });

    it('holds offsets beyond 2^53 exactly', async () => {
      const ref = freshRef();
      const big = 2n ** 60n + 3n;
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        await store.advance(manager, ref, big);
      });

      expect(await lockInOwnTransaction(ref)).toBe(big);
    });

    it('makes a second transaction wait until the first commits, then shows it the new position (zombie fence)', async () => {
      const ref = freshRef();
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        await store.advance(manager, ref, 100n);
      });
      const firstLocked = deferred();
      const release = deferred();

      const owner = db.dataSource.transaction(async (manager) => {
        const position = await store.lock(manager, ref);
        firstLocked.resolve();
        await release.promise;
        await store.advance(manager, ref, 150n);
        return position;
      });
      await firstLocked.promise;
      const zombie = lockInOwnTransaction(ref);

      expect(await stillPendingAfter(zombie, 300)).toBe(true);
      release.resolve();

      expect(await owner).toBe(100n);
      expect(await zombie).toBe(150n);
    });

    it('fences the very first batch too when two transactions race to create the row', async () => {
      const ref = freshRef();
      const firstLocked = deferred();
      const release = deferred();

      const owner = db.dataSource.transaction(async (manager) => {
        const position = await store.lock(manager, ref);
        firstLocked.resolve();
        await release.promise;
        await store.advance(manager, ref, 5n);
        return position;
      });
      await firstLocked.promise;
      const zombie = lockInOwnTransaction(ref);

      expect(await stillPendingAfter(zombie, 300)).toBe(true);
      release.resolve();

      expect(await owner).toBeNull();
      expect(await zombie).toBe(5n);
    });
  });

  describe('advance', () => {
    it('is seen by a later lock in the same transaction', async () => {
      const ref = freshRef();

      const seen = await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        await store.advance(manager, ref, 3n);
        return store.lock(manager, ref);
      });

      expect(seen).toBe(3n);
    });
  });

  describe('lockAll', () => {
    it('returns the positions of several partitions in the order asked, null where none is stored', async () => {
      const { groupId, topic } = freshRef();
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, { groupId, topic, partition: 2 });
        await store.advance(manager, { groupId, topic, partition: 2 }, 20n);
        await store.lock(manager, { groupId, topic, partition: 0 });
        await store.advance(manager, { groupId, topic, partition: 0 }, 5n);
      });

      const positions = await db.dataSource.transaction((manager) =>
        store.lockAll(manager, groupId, [
          { topic, partition: 2 },
          { topic, partition: 7 },
          { topic, partition: 0 },
        ]),
      );

      expect(positions).toEqual([20n, null, 5n]);
    });

    it('locks every row it returns: a transaction locking any of them waits for the commit', async () => {
      const { groupId, topic } = freshRef();
      const held = deferred();
      const locked = deferred();
      const holder = db.dataSource.transaction(async (manager) => {
        await store.lockAll(manager, groupId, [
          { topic, partition: 0 },
          { topic, partition: 1 },
        ]);
        await store.advance(manager, { groupId, topic, partition: 1 }, 9n);
        locked.resolve();
        await held.promise;
      });
      await locked.promise;

      const waiter = lockInOwnTransaction({ groupId, topic, partition: 1 });

      expect(await stillPendingAfter(waiter, 300)).toBe(true);
      held.resolve();
      await holder;
      expect(await waiter).toBe(9n);
    });

    it('never deadlocks two transactions that ask for the same partitions in opposite orders', async () => {
      const { groupId, topic } = freshRef();
      const all = [0, 1, 2, 3].map((partition) => ({ topic, partition }));
      await db.dataSource.transaction((manager) => store.lockAll(manager, groupId, all));

      const rounds = Array.from({ length: 20 }, (_, i) =>
        db.dataSource.transaction(async (manager) => {
          const order = i % 2 === 0 ? all : [...all].reverse();
          const before = await store.lockAll(manager, groupId, order);
          for (const ref of order) await store.advance(manager, { groupId, ...ref }, BigInt(i + 1));
          return before;
        }),
      );

      // A deadlock would fail one of them (PostgreSQL aborts one transaction of a cycle).
      await expect(Promise.all(rounds)).resolves.toHaveLength(20);
    });
  });

  describe('read', () => {
    it('returns the stored positions of the asked partitions and leaves out unset or unasked ones', async () => {
      const { groupId, topic } = freshRef();
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, { groupId, topic, partition: 0 });
        await store.advance(manager, { groupId, topic, partition: 0 }, 11n);
        await store.lock(manager, { groupId, topic, partition: 1 }); // created, never advanced
        await store.lock(manager, { groupId, topic, partition: 2 });
        await store.advance(manager, { groupId, topic, partition: 2 }, 22n);
        await store.lock(manager, { groupId, topic, partition: 3 });
        await store.advance(manager, { groupId, topic, partition: 3 }, 33n);
      });

      const positions = await store.read(groupId, topic, [0, 1, 2, 4]);

      expect(positions).toEqual(
        new Map([
          [0, 11n],
          [2, 22n],
        ]),
      );
    });

    it('reads without waiting when another transaction holds the row lock', async () => {
      const ref = freshRef();
      await db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        await store.advance(manager, ref, 8n);
      });
      const locked = deferred();
      const release = deferred();
      const holder = db.dataSource.transaction(async (manager) => {
        await store.lock(manager, ref);
        locked.resolve();
        await release.promise;
      });
      await locked.promise;

      try {
        expect(await store.read(ref.groupId, ref.topic, [ref.partition])).toEqual(
          new Map([[0, 8n]]),
        );
      } finally {
        release.resolve();
        await holder;
      }
    });
  });
});
