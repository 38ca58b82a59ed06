import { createTestDatabase, TestDatabase, uniqueName } from '@app/testing';
import { PostgresBatchLedger } from './postgres-batch-ledger';

describe(`${PostgresBatchLedger.name} processed events`, () => {
  let db: TestDatabase;
  let ledger: PostgresBatchLedger;
  const groupId = uniqueName('test-group');

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = new PostgresBatchLedger(db.dataSource, groupId);
  });
  afterAll(() => db?.drop());

  const event = (id: string, source = 'test/source') => ({ source, id });

  it('claims each source and id once: the first in the list, and never again once committed', async () => {
    const [a, b] = [uniqueName('a'), uniqueName('b')];

    const first = await ledger.transaction((tx) =>
      ledger.claimEvents(tx, [event(a), event(b), event(a), event(a, 'other/source')]),
    );
    const again = await ledger.transaction((tx) => ledger.claimEvents(tx, [event(b), event(a)]));

    expect(first).toEqual([true, true, false, true]);
    expect(again).toEqual([false, false]);
  });

  it('keeps no claim of a transaction that rolled back', async () => {
    const id = uniqueName('rolled-back');
    await expect(
      ledger.transaction(async (tx) => {
        await ledger.claimEvents(tx, [event(id)]);
        throw new Error('the batch failed');
      }),
    ).rejects.toThrow('the batch failed');

    expect(await ledger.transaction((tx) => ledger.claimEvents(tx, [event(id)]))).toEqual([true]);
  });

  it('keeps claims apart per consumer group', async () => {
    const id = uniqueName('shared');
    const other = new PostgresBatchLedger(db.dataSource, uniqueName('other-group'));

    await ledger.transaction((tx) => ledger.claimEvents(tx, [event(id)]));

    expect(await other.transaction((tx) => other.claimEvents(tx, [event(id)]))).toEqual([true]);
  });

  it('forgets released events, so that they can be claimed again', async () => {
    const [kept, released] = [uniqueName('kept'), uniqueName('released')];
    await ledger.transaction(async (tx) => {
      await ledger.claimEvents(tx, [event(kept), event(released)]);
      await ledger.releaseEvents(tx, [event(released)]);
    });

    expect(
      await ledger.transaction((tx) => ledger.claimEvents(tx, [event(kept), event(released)])),
    ).toEqual([false, true]);
  });

  it('prunes only the claims older than the window, of its own group', async () => {
    const [old, recent] = [uniqueName('old'), uniqueName('recent')];
    const other = new PostgresBatchLedger(db.dataSource, uniqueName('other-group'));
    await ledger.transaction((tx) => ledger.claimEvents(tx, [event(old), event(recent)]));
    await other.transaction((tx) => other.claimEvents(tx, [event(old)]));
    await db.dataSource.query(
      `UPDATE processed_events SET processed_at = now() - interval '2 hours' WHERE event_id = $1`,
      [old],
    );

    const pruned = await ledger.pruneProcessed(3_600_000);

    expect(pruned).toBe(1);
    expect(
      await ledger.transaction((tx) => ledger.claimEvents(tx, [event(old), event(recent)])),
    ).toEqual([true, false]);
    expect(await other.transaction((tx) => other.claimEvents(tx, [event(old)]))).toEqual([false]);
  });
});
