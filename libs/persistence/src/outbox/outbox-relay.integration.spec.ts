import { OutboxRelay } from './outbox-relay';
import { ids, OutboxTable, RecordingPublisher, record, source } from './outbox-relay.fixtures';

describe(OutboxRelay.name, () => {
  const outbox = OutboxTable.forSpec();
  const append = (eventIds: string[], stale?: (eventId: string) => boolean) =>
    outbox.append(eventIds, stale);
  const remaining = () => outbox.remaining();

  describe('sweep', () => {
    it('publishes the stale rows in id order, deletes them and leaves young rows untouched', async () => {
      await append(['e-1', 'young-1', 'e-2', 'e-3', 'young-2'], (id) => id.startsWith('e-'));
      const publisher = new RecordingPublisher();

      const published = await new OutboxRelay(outbox.dataSource, publisher.publish, {
        minAgeMs: 60_000,
      }).sweep();

      expect(published).toBe(3);
      expect(publisher.batches).toHaveLength(1);
      expect(publisher.eventIds()).toEqual(['e-1', 'e-2', 'e-3']);
      const numericIds = publisher.batches[0].map((stored) => BigInt(stored.id));
      expect([...numericIds].sort((a, b) => (a < b ? -1 : 1))).toEqual(numericIds);
      expect(await remaining()).toEqual(['young-1', 'young-2']);
    });

    it('sets aside the rows the publisher refuses, with the refusal, and tells of them once committed', async () => {
      await append(['e-1', 'big', 'e-2']);
      const publisher = new RecordingPublisher({ refuses: ['big'] });
      const setAside: string[] = [];

      const published = await new OutboxRelay(
        outbox.dataSource,
        publisher.publish,
        { minAgeMs: 1000 },
        undefined,
        (refused) => setAside.push(...refused.map((r) => r.record.eventId)),
      ).sweep();

      expect(published).toBe(2);
      expect(publisher.eventIds()).toEqual(['e-1', 'e-2']);
      expect(setAside).toEqual(['big']);
      expect(await remaining()).toEqual([]);
      const unpublishable = await outbox.dataSource.query(
        `SELECT event_id, topic, source_topic, source_partition, reason, error, value
         FROM outbox_unpublishable`,
      );
      expect(unpublishable).toEqual([
        {
          event_id: 'big',
          topic: 'test-output',
          source_topic: source.topic,
          source_partition: source.partition,
          reason: 'MESSAGE_TOO_LARGE',
          error: 'too large',
          value: record('big').value,
        },
      ]);
    });

    it('hands the publisher each record as it was appended', async () => {
      await append(['e-1']);
      const publisher = new RecordingPublisher();

      await new OutboxRelay(outbox.dataSource, publisher.publish, { minAgeMs: 1000 }).sweep();

      expect(publisher.batches[0][0]).toEqual({
        ...record('e-1'),
        id: expect.stringMatching(/^\d+$/),
      });
    });

    it('publishes nothing and returns 0 when every row is younger than minAgeMs', async () => {
      await append(['young-1', 'young-2'], () => false);
      const publisher = new RecordingPublisher();

      expect(
        await new OutboxRelay(outbox.dataSource, publisher.publish, { minAgeMs: 60_000 }).sweep(),
      ).toBe(0);
      expect(publisher.batches).toEqual([]);
      expect(await remaining()).toEqual(['young-1', 'young-2']);
    });

    it('takes at most batchSize rows per sweep, oldest first, when the backlog is larger', async () => {
      await append(ids(5));
      const publisher = new RecordingPublisher();
      const relay = new OutboxRelay(outbox.dataSource, publisher.publish, {
        minAgeMs: 1000,
        batchSize: 2,
      });

      const counts = [
        await relay.sweep(),
        await relay.sweep(),
        await relay.sweep(),
        await relay.sweep(),
      ];

      expect(counts).toEqual([2, 2, 1, 0]);
      expect(publisher.batches.map((batch) => batch.map((stored) => stored.eventId))).toEqual([
        ['e-00', 'e-01'],
        ['e-02', 'e-03'],
        ['e-04'],
      ]);
      expect(await remaining()).toEqual([]);
    });

    it('leaves the rows in place when the publisher throws, so a later sweep publishes them', async () => {
      await append(['e-1', 'e-2']);
      const failure = new Error('broker unreachable');
      const failing = new RecordingPublisher({ failure });

      await expect(
        new OutboxRelay(outbox.dataSource, failing.publish, { minAgeMs: 1000 }).sweep(),
      ).rejects.toBe(failure);
      expect(await remaining()).toEqual(['e-1', 'e-2']);

      const working = new RecordingPublisher();
      expect(
        await new OutboxRelay(outbox.dataSource, working.publish, { minAgeMs: 1000 }).sweep(),
      ).toBe(2);
      expect(working.eventIds()).toEqual(['e-1', 'e-2']);
    });
  });
});
