import { createTestDatabase, TestDatabase } from '@app/testing';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { upsertNewerVersions, VersionedUpsertSpec } from './versioned-upsert';

class CreateVersionedItems1732500000000 implements MigrationInterface {
  name = 'CreateVersionedItems1732500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE items (id text PRIMARY KEY, name text, version int)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE items`);
  }
}

/** A row of the test table (a type alias, so that it fits `Record<string, unknown>`). */
type ItemRow = {
  id: string;
  name: string | null;
  version: number;
};

const items: VersionedUpsertSpec = { table: 'items', keyColumns: ['id'] };

describe(upsertNewerVersions.name, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([CreateVersionedItems1732500000000]);
  });
  afterAll(() => db?.drop());
  beforeEach(() => db.dataSource.query(`TRUNCATE items`));

  function upsert(rows: ItemRow[], spec: VersionedUpsertSpec = items): Promise<number> {
    return upsertNewerVersions(db.dataSource.manager, spec, rows);
  }

  async function stored(): Promise<ItemRow[]> {
    return db.dataSource.query(`SELECT id, name, version FROM items ORDER BY id`);
  }

  describe('inserts', () => {
    it('inserts every row and counts them when none is stored yet', async () => {
      const written = await upsert([
        { id: 'a', name: 'Ada', version: 1 },
        { id: 'b', name: 'Grace', version: 3 },
      ]);

      expect(written).toBe(2);
      expect(await stored()).toEqual([
        { id: 'a', name: 'Ada', version: 1 },
        { id: 'b', name: 'Grace', version: 3 },
      ]);
    });

    it('writes nothing and returns 0 when given no rows', async () => {
      expect(await upsert([])).toBe(0);
      expect(await stored()).toEqual([]);
    });
  });

  describe('one call with several states of a key', () => {
    it('keeps the newest state when the rows name one key twice', async () => {
      expect(
        await upsert([
          { id: 'a', name: 'Ada v2', version: 2 },
          { id: 'a', name: 'Ada v3', version: 3 },
          { id: 'a', name: 'Ada v1', version: 1 },
        ]),
      ).toBe(1);
      expect(await stored()).toEqual([{ id: 'a', name: 'Ada v3', version: 3 }]);
    });

    it('refuses rows that do not all carry the same columns', async () => {
      await expect(
        upsertNewerVersions(db.dataSource.manager, items, [
          { id: 'a', version: 1 },
          { id: 'b', name: 'extra column', version: 1 },
        ]),
      ).rejects.toThrow('must carry the same columns');
    });
  });

  describe('version guard', () => {
    beforeEach(() => upsert([{ id: 'a', name: 'Ada v5', version: 5 }]));

    it('overwrites the stored row when the incoming version is newer', async () => {
      expect(await upsert([{ id: 'a', name: 'Ada v6', version: 6 }])).toBe(1);
      expect(await stored()).toEqual([{ id: 'a', name: 'Ada v6', version: 6 }]);
    });

    it('leaves the stored row alone when the same version comes again', async () => {
      expect(await upsert([{ id: 'a', name: 'Ada v5 replayed', version: 5 }])).toBe(0);
      expect(await stored()).toEqual([{ id: 'a', name: 'Ada v5', version: 5 }]);
    });

    it('leaves the stored row alone when an older version arrives late', async () => {
      expect(await upsert([{ id: 'a', name: 'Ada v2', version: 2 }])).toBe(0);
      expect(await stored()).toEqual([{ id: 'a', name: 'Ada v5', version: 5 }]);
    });

    it('counts only the rows it wrote when a batch mixes new, newer and stale rows', async () => {
      const written = await upsert([
        { id: 'a', name: 'Ada v4', version: 4 },
        { id: 'b', name: 'Grace', version: 1 },
        { id: 'c', name: 'Alan', version: 1 },
      ]);

      expect(written).toBe(2);
      expect(await stored()).toEqual([
        { id: 'a', name: 'Ada v5', version: 5 },
        { id: 'b', name: 'Grace', version: 1 },
        { id: 'c', name: 'Alan', version: 1 },
      ]);
    });

    it('writes null columns when a newer version clears them', async () => {
      expect(await upsert([{ id: 'a', name: null, version: 7 }])).toBe(1);
      expect(await stored()).toEqual([{ id: 'a', name: null, version: 7 }]);
    });
  });

  describe('transactions', () => {
    it('is undone with the caller transaction when that transaction rolls back', async () => {
      await expect(
        db.dataSource.transaction(async (manager) => {
          await upsertNewerVersions(manager, items, [{ id: 'z', name: 'Zed', version: 1 }]);
          throw new Error('the batch failed after the write');
        }),
      ).rejects.toThrow('the batch failed after the write');

      expect(await stored()).toEqual([]);
    });
  });

  describe('identifier validation', () => {
    it.each<[string, VersionedUpsertSpec, Record<string, unknown>]>([
      [
        'the table',
        { table: 'items; DROP TABLE items', keyColumns: ['id'] },
        { id: 'a', version: 1 },
      ],
      ['the table in upper case', { table: 'Items', keyColumns: ['id'] }, { id: 'a', version: 1 }],
      ['a key column', { table: 'items', keyColumns: ['"id"'] }, { id: 'a', version: 1 }],
      [
        'the version column',
        { table: 'items', keyColumns: ['id'], versionColumn: 'version--' },
        { id: 'a', version: 1 },
      ],
      ['a row column', items, { id: 'a', 'name = now(), version': 'x', version: 1 }],
    ])(
      'throws and writes nothing when %s is not a plain lowercase identifier',
      async (_, spec, row) => {
        await expect(upsertNewerVersions(db.dataSource.manager, spec, [row])).rejects.toThrow(
          /is not a plain lowercase SQL identifier/,
        );
        expect(await stored()).toEqual([]);
      },
    );

    it('throws naming the version column when the rows do not carry it', async () => {
      await expect(
        upsertNewerVersions(db.dataSource.manager, items, [{ id: 'a', name: 'Ada' }]),
      ).rejects.toThrow(/must carry the 'version' column/);
    });
  });
});
