import {
  createTestDatabase,
  deferred,
  LedgerFixture,
  stillPendingAfter,
  TestDatabase,
  uniqueName,
} from '@app/testing';
import { PostgresBatchLedger } from './postgres-batch-ledger';

describe(`${PostgresBatchLedger.name} positions`, () => {
  let db: TestDatabase;
  let fixture: LedgerFixture;

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = new LedgerFixture(db.dataSource);
  });
  afterAll(() => db?.drop());

  describe('lockPositions of one partition', () => {
    it('returns null when no position was ever stored for the partition', async () => {
      expect(await fixture.lockInOwnTransaction(fixture.freshRef())).toBeNull();
    });

    it('returns the advanced position when a previous transaction advanced it', async () => {
      const ref = fixture.freshRef();
      await db.dataSource.transaction(async (manager) => {
        expect(await fixture.lock(manager, ref)).toBeNull();
        await fixture.advance(manager, ref, 42n);
      });

      expect(await fixture.lockInOwnTransaction(ref)).toBe(42n);
    });

    it('keeps the old position when the transaction that advanced it rolled back', async () => {
      const ref = fixture.freshRef();
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        await fixture.advance(manager, ref, 10n);
      });

      await expect(
        db.dataSource.transaction(async (manager) => {
          await fixture.lock(manager, ref);
          await fixture.advance(manager, ref, 20n);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');

      expect(await fixture.lockInOwnTransaction(ref)).toBe(10n);
    });

    it('keeps positions apart when groups, topics or partitions differ', async () => {
      const ref = fixture.freshRef(0);
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        await fixture.advance(manager, ref, 7n);
      });

      expect(await fixture.lockInOwnTransaction({ ...ref, partition: 1 })).toBeNull();
      expect(
        await fixture.lockInOwnTransaction({ ...ref, groupId: uniqueName('test-group') }),
      ).toBeNull();
      expect(
        await fixture.lockInOwnTransaction({ ...ref, topic: uniqueName('test-topic') }),
      ).toBeNull();
      expect(await fixture.lockInOwnTransaction(ref)).toBe(7n);
    });

    it('holds offsets beyond 2^53 exactly', async () => {
      const ref = fixture.freshRef();
      const big = 2n ** 60n + 3n;
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        await fixture.advance(manager, ref, big);
      });

      expect(await fixture.lockInOwnTransaction(ref)).toBe(big);
    });

    it('makes a second transaction wait until the first commits, then shows it the new position (zombie fence)', async () => {
      const ref = fixture.freshRef();
      await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        await fixture.advance(manager, ref, 100n);
      });
      const firstLocked = deferred();
      const release = deferred();

      const owner = db.dataSource.transaction(async (manager) => {
        const position = await fixture.lock(manager, ref);
        firstLocked.resolve();
        await release.promise;
        await fixture.advance(manager, ref, 150n);
        return position;
      });
      await firstLocked.promise;
      const zombie = fixture.lockInOwnTransaction(ref);

      expect(await stillPendingAfter(zombie, 300)).toBe(true);
      release.resolve();

      expect(await owner).toBe(100n);
      expect(await zombie).toBe(150n);
    });

    it('fences the very first batch too when two transactions race to create the row', async () => {
      const ref = fixture.freshRef();
      const firstLocked = deferred();
      const release = deferred();

      const owner = db.dataSource.transaction(async (manager) => {
        const position = await fixture.lock(manager, ref);
        firstLocked.resolve();
        await release.promise;
        await fixture.advance(manager, ref, 5n);
        return position;
      });
      await firstLocked.promise;
      const zombie = fixture.lockInOwnTransaction(ref);

      expect(await stillPendingAfter(zombie, 300)).toBe(true);
      release.resolve();

      expect(await owner).toBeNull();
      expect(await zombie).toBe(5n);
    });
  });

  describe('close', () => {
    it('is seen by a later lock in the same transaction', async () => {
      const ref = fixture.freshRef();

      const seen = await db.dataSource.transaction(async (manager) => {
        await fixture.lock(manager, ref);
        await fixture.advance(manager, ref, 3n);
        return fixture.lock(manager, ref);
      });

      expect(seen).toBe(3n);
    });
  });
});
