import { createTestDatabase, stackConfig, TestDatabase, uniqueName } from '@app/testing';
import { PostgresBatchLedger } from '../ledger/postgres-batch-ledger';
import { RequestOutcome } from './request-outcome';
import { RequestOutcomeRepository } from './request-outcome.repository';
import { RequestOutcomeWaiter } from './request-outcome.waiter';

/** The real repository, counting its reads. */
class CountingRepository extends RequestOutcomeRepository {
  reads = 0;
  override find(trackingId: string): Promise<RequestOutcome | null> {
    this.reads++;
    return super.find(trackingId);
  }
}

describe(RequestOutcomeWaiter.name, () => {
  let db: TestDatabase;
  let repository: CountingRepository;
  let waiter: RequestOutcomeWaiter;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  beforeEach(async () => {
    repository = new CountingRepository(db.dataSource);
    waiter = new RequestOutcomeWaiter(repository, {
      url: stackConfig().databaseUrl,
      pollIntervalMs: 200,
    });
  });
  afterEach(() => waiter.stop());

  /** Records an outcome the way a worker's batch transaction does. */
  function record(outcome: RequestOutcome): Promise<unknown> {
    const ledger = new PostgresBatchLedger(db.dataSource, uniqueName('test-group'));
    return ledger.transaction((tx) =>
      ledger.close(tx, {
        partitions: [
          {
            source: { topic: uniqueName('test-topic'), partition: 0 },
            records: [],
            nextOffset: 1n,
          },
        ],
        outcomes: [outcome],
      }),
    );
  }

  it('answers a new request from the announcement alone, without reading the table', async () => {
    await waiter.start();
    const trackingId = uniqueName('track');
    const outcome: RequestOutcome = { trackingId, status: 'accepted', result: { id: 1 } };

    const answer = await waiter.waitFor(trackingId, 5_000, async () => {
      await record(outcome);
    });

    expect(answer).toMatchObject(outcome);
    expect(repository.reads).toBe(0);
  });

  it('reads the table when the announcement carries only the tracking id', async () => {
    await waiter.start();
    const trackingId = uniqueName('track');
    const outcome: RequestOutcome = { trackingId, status: 'rejected', reason: 'x'.repeat(9_000) };

    const answer = await waiter.waitFor(trackingId, 5_000, async () => {
      await record(outcome);
    });

    expect(answer).toMatchObject(outcome);
    expect(repository.reads).toBe(1);
  });

  it('returns at once an outcome recorded before the wait began', async () => {
    await waiter.start();
    const trackingId = uniqueName('track');
    await record({ trackingId, status: 'accepted' });

    const answer = await waiter.waitFor(trackingId, 5_000);

    expect(answer).toMatchObject({ trackingId, status: 'accepted' });
    expect(repository.reads).toBe(1);
  });

  it('finds the outcome by polling when it is not listening, even for a new request', async () => {
    const trackingId = uniqueName('track');

    const answer = await waiter.waitFor(trackingId, 5_000, async () => {
      await record({ trackingId, status: 'accepted' });
    });

    expect(waiter.isListening()).toBe(false);
    expect(answer).toMatchObject({ trackingId, status: 'accepted' });
    expect(repository.reads).toBeGreaterThanOrEqual(1);
  });

  it('resolves null when no outcome comes in time, and passes on a failure to cause it', async () => {
    await waiter.start();

    await expect(waiter.waitFor(uniqueName('track'), 300, async () => undefined)).resolves.toBe(
      null,
    );
    await expect(
      waiter.waitFor(uniqueName('track'), 5_000, () => Promise.reject(new Error('broker down'))),
    ).rejects.toThrow('broker down');
  });
});
