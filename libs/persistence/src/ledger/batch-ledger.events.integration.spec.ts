import { createTestDatabase, TestDatabase, uniqueName } from '@app/testing';
import { EntityManager } from 'typeorm';
import { PostgresBatchLedger } from './postgres-batch-ledger';

describe(`${PostgresBatchLedger.name} events`, () => {
  let db: TestDatabase;
  let ledger: PostgresBatchLedger;

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = new PostgresBatchLedger(db.dataSource, uniqueName('test-group'));
  });
  afterAll(() => db?.drop());

  /** Writes what a handler would: an outcome row, here, as the easiest row to count. */
  async function write(tx: EntityManager, trackingId: string): Promise<void> {
    await tx.query(`INSERT INTO request_outcomes (tracking_id, status) VALUES ($1, 'accepted')`, [
      trackingId,
    ]);
  }

  async function stored(ids: readonly string[]): Promise<string[]> {
    const found = await ledger.transaction((tx) => ledger.findAnswered(tx, ids));
    return ids.filter((id) => found.has(id));
  }

  describe('findAnswered', () => {
    it('returns the tracking ids that have an outcome when some have none', async () => {
      const [answered, open] = [uniqueName('track'), uniqueName('track')];
      await ledger.transaction((tx) => write(tx, answered));

      const found = await ledger.transaction((tx) => ledger.findAnswered(tx, [answered, open]));

      expect(found).toEqual(new Set([answered]));
    });
  });

  describe('undoEvent', () => {
    it("takes back only the current event's writes when earlier events wrote too", async () => {
      const [a, b, c] = ['a', 'b', 'c'].map((n) => uniqueName(`track-${n}`));

      await ledger.transaction(async (tx) => {
        await ledger.beginEvent(tx);
        await write(tx, a);
        await ledger.beginEvent(tx);
        await write(tx, b);
        await ledger.undoEvent(tx);
        await ledger.beginEvent(tx);
        await write(tx, c);
      });

      expect(await stored([a, b, c])).toEqual([a, c]);
    });

    it('lets the transaction go on when a statement of the event failed', async () => {
      const [a, b] = ['a', 'b'].map((n) => uniqueName(`track-${n}`));

      await ledger.transaction(async (tx) => {
        await ledger.beginEvent(tx);
        await write(tx, a);
        await ledger.beginEvent(tx);
        await expect(write(tx, a)).rejects.toThrow('duplicate key');
        await ledger.undoEvent(tx);
        await ledger.beginEvent(tx);
        await write(tx, b);
      });

      expect(await stored([a, b])).toEqual([a, b]);
    });
  });
});
