import { WorkerStatus } from './worker-status';

function readyStatus(): WorkerStatus {
  const status = new WorkerStatus();
  status.update({
    connected: true,
    joined: true,
    assigned: [{ topic: 'test-topic', partitions: [0, 1] }],
  });
  return status;
}

describe(WorkerStatus.name, () => {
  describe('snapshot', () => {
    it('starts disconnected, outside the group, with nothing assigned when new', () => {
      expect(new WorkerStatus().snapshot()).toEqual({
        connected: false,
        joined: false,
        assigned: [],
        shuttingDown: false,
      });
    });

    it('keeps an earlier snapshot unchanged when the status is updated later', () => {
      const status = new WorkerStatus();
      const before = status.snapshot();

      status.update({ connected: true });

      expect(before.connected).toBe(false);
      expect(status.snapshot().connected).toBe(true);
    });
  });

  describe('update', () => {
    it('merges the change and keeps the other fields when given a partial change', () => {
      const status = readyStatus();
      const lastBatchAt = new Date('2024-01-01T00:00:00Z');

      status.update({ lastBatchAt });

      expect(status.snapshot()).toEqual({
        connected: true,
        joined: true,
        assigned: [{ topic: 'test-topic', partitions: [0, 1] }],
        lastBatchAt,
        lastContactAt: expect.any(Date),
        shuttingDown: false,
      });
    });

    it('replaces the assignment when the group rebalances', () => {
      const status = readyStatus();

      status.update({ assigned: [{ topic: 'test-topic', partitions: [2] }] });

      expect(status.snapshot().assigned).toEqual([{ topic: 'test-topic', partitions: [2] }]);
    });
  });

  describe('isReady', () => {
    it('is true when connected and joined, not crashed and not shutting down', () => {
      expect(readyStatus().isReady()).toBe(true);
    });

    it('is false when new', () => {
      expect(new WorkerStatus().isReady()).toBe(false);
    });

    it('is false when connected but not (yet) in the group', () => {
      const status = new WorkerStatus();
      status.update({ connected: true });

      expect(status.isReady()).toBe(false);
    });

    it('is false when the group is rebalancing', () => {
      const status = readyStatus();
      status.update({ joined: false });

      expect(status.isReady()).toBe(false);
    });

    it('is false when disconnected from the broker', () => {
      const status = readyStatus();
      status.update({ connected: false });

      expect(status.isReady()).toBe(false);
    });

    it('is false when the consumer crashed', () => {
      const status = readyStatus();
      status.update({ crashed: 'The group coordinator is not available' });

      expect(status.isReady()).toBe(false);
      expect(status.snapshot().crashed).toBe('The group coordinator is not available');
    });

    it('is false as soon as shutdown begins, even while still in the group', () => {
      const status = readyStatus();
      status.update({ shuttingDown: true });

      expect(status.isReady()).toBe(false);
      expect(status.snapshot().joined).toBe(true);
    });

    it('is false while an outbox row waits past its threshold, and true once it is published', () => {
      const status = readyStatus();
      status.update({ stuckOutbox: 'event e-1 for test.events', outboxOldestAgeSeconds: 75 });
      expect(status.isReady()).toBe(false);

      status.update({ stuckOutbox: undefined, outboxOldestAgeSeconds: 0 });
      expect(status.isReady()).toBe(true);
    });

    it('is true again when the worker rejoins after a rebalance', () => {
      const status = readyStatus();
      status.update({ joined: false });
      status.update({ joined: true });

      expect(status.isReady()).toBe(true);
    });

    it('is false once the broker has been silent longer than the budget, and true when it answers again', () => {
      let now = 1_000_000;
      const status = new WorkerStatus(10_000, () => now);
      status.update({ connected: true, joined: true });
      now += 10_000;
      expect(status.isReady()).toBe(true);
      now += 1;
      expect(status.isReady()).toBe(false);
      status.heard();
      expect(status.isReady()).toBe(true);
      expect(status.snapshot().lastContactAt).toEqual(new Date(now));
    });
  });
});
