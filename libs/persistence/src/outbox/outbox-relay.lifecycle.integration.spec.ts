import { waitFor } from '@app/testing';
import { OutboxRelay } from './outbox-relay';
import { ids, OutboxTable, RecordingPublisher, sleep } from './outbox-relay.fixtures';

describe(`${OutboxRelay.name} concurrency and lifecycle`, () => {
  const outbox = OutboxTable.forSpec();
  const append = (eventIds: string[], stale?: (eventId: string) => boolean) =>
    outbox.append(eventIds, stale);
  const remaining = () => outbox.remaining();

  describe('sweep', () => {
    it('never publishes a row twice, nor two pages at once, when two relays sweep concurrently', async () => {
      const all = ids(24);
      await append(all);
      const publishers = [
        new RecordingPublisher({ delayMs: 40 }),
        new RecordingPublisher({ delayMs: 40 }),
      ];
      const relays = publishers.map(
        (publisher) =>
          new OutboxRelay(outbox.dataSource, publisher.publish, { minAgeMs: 1000, batchSize: 3 }),
      );

      const deadline = Date.now() + 20_000;
      await Promise.all(
        relays.map(async (relay) => {
          while ((await remaining()).length > 0 && Date.now() < deadline) await relay.sweep();
        }),
      );

      const published = publishers.flatMap((publisher) => publisher.eventIds());
      expect([...published].sort()).toEqual(all);
      expect(new Set(published).size).toBe(all.length);
      expect(await remaining()).toEqual([]);
      // One relay at a time: pages never overlap in time, so rows leave in id order overall.
      const spans = publishers
        .flatMap((publisher) =>
          publisher.spans.map((span, i) => ({ span, ids: publisher.batches[i] })),
        )
        .sort((x, y) => x.span[0] - y.span[0]);
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i].span[0]).toBeGreaterThanOrEqual(spans[i - 1].span[1]);
      }
      expect(spans.flatMap((entry) => entry.ids.map((record) => record.eventId))).toEqual(all);
    });
  });

  describe('start and stop', () => {
    it('sweeps on its interval until stopped when started', async () => {
      await append(['e-1', 'e-2']);
      const publisher = new RecordingPublisher();
      const relay = new OutboxRelay(outbox.dataSource, publisher.publish, {
        minAgeMs: 1000,
        intervalMs: 20,
      });

      relay.start();
      relay.start(); // a second start is harmless
      await waitFor(remaining, (left) => left.length === 0, {
        timeoutMs: 10_000,
        what: 'the relay to empty the outbox',
      });
      await relay.stop();
      await append(['e-3']);
      await sleep(100);

      expect(publisher.eventIds()).toEqual(['e-1', 'e-2']);
      expect(await remaining()).toEqual(['e-3']);
    });

    it('reports a failed sweep to onError and keeps sweeping when the publisher throws', async () => {
      await append(['e-1']);
      const errors: unknown[] = [];
      const failure = new Error('broker unreachable');
      const relay = new OutboxRelay(
        outbox.dataSource,
        new RecordingPublisher({ failure }).publish,
        { minAgeMs: 1000, intervalMs: 20 },
        (error) => errors.push(error),
      );

      relay.start();
      await waitFor(
        async () => errors.length,
        (count) => count >= 2,
        { timeoutMs: 10_000, what: 'two failed sweeps' },
      );
      await relay.stop();

      expect(errors[0]).toBe(failure);
      expect(await remaining()).toEqual(['e-1']);
    });
  });
});
