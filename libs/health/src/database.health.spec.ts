import { DatabaseConnection, DatabaseHealth } from './database.health';

/** A database whose answer to each query the test decides. */
class FakeDatabase implements DatabaseConnection {
  readonly queries: string[] = [];

  constructor(private readonly answer: () => Promise<unknown>) {}

  query(sql: string): Promise<unknown> {
    this.queries.push(sql);
    return this.answer();
  }
}

describe(DatabaseHealth, () => {
  afterEach(() => jest.useRealTimers());

  describe('check', () => {
    it('reports up when SELECT 1 answers', async () => {
      const database = new FakeDatabase(async () => [{ '?column?': 1 }]);
      await expect(new DatabaseHealth(database, 500).check()).resolves.toEqual({ up: true });
      expect(database.queries).toEqual(['SELECT 1']);
    });

    it('reports down with the reason when the query fails', async () => {
      const database = new FakeDatabase(async () => {
        throw new Error('Connection terminated unexpectedly');
      });
      await expect(new DatabaseHealth(database, 500).check()).resolves.toEqual({
        up: false,
        details: { message: 'Connection terminated unexpectedly' },
      });
    });

    it('reports down when the query throws synchronously', async () => {
      const database: DatabaseConnection = {
        query: () => {
          throw new Error('Driver not Connected');
        },
      };
      await expect(new DatabaseHealth(database, 500).check()).resolves.toMatchObject({ up: false });
    });

    it('reports down once the timeout passes when the database does not answer', async () => {
      jest.useFakeTimers();
      const health = new DatabaseHealth(new FakeDatabase(() => new Promise(() => undefined)), 500);
      const result = health.check();
      await jest.advanceTimersByTimeAsync(500);
      await expect(result).resolves.toEqual({
        up: false,
        details: { message: expect.stringContaining('did not answer within 500 ms') },
      });
    });

    it('absorbs a late failure when the query fails after the timeout', async () => {
      jest.useFakeTimers();
      let fail: (error: Error) => void = () => undefined;
      const health = new DatabaseHealth(
        new FakeDatabase(() => new Promise((_, reject) => (fail = reject))),
        100,
      );
      const result = health.check();
      await jest.advanceTimersByTimeAsync(100);
      await expect(result).resolves.toMatchObject({ up: false });
      fail(new Error('late'));
      await Promise.resolve();
    });
  });
});
