import { SchemaViolationError } from '@app/events';
import { BatchAbandonedError } from '../errors/batch-abandoned.error';
import { EventFailedError } from '../errors/event-failed.error';
import { EventRejectedError } from '../errors/event-rejected.error';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error';
import { TransientError } from '../errors/transient.error';
import { failing, FakeBatch, rejectionOf, times } from './batch-fakes';
import { RetryOptions, retryMiddleware } from './retry.middleware';

const fast: RetryOptions = { initialDelayMs: 1, maxDelayMs: 1 };
const serializationFailure = (): Error =>
  Object.assign(new Error('could not serialize access due to concurrent update'), {
    code: '40001',
  });

describe(retryMiddleware.name, () => {
  describe('transient failures', () => {
    it('retries until success and never gives up when every failure is transient', async () => {
      const next = failing(
        ...times(12, (i) => (i % 2 ? new TransientError('broker down') : serializationFailure())),
      );
      const batch = new FakeBatch();

      await expect(
        retryMiddleware({ ...fast, maxAttempts: 3 })(next)(batch),
      ).resolves.toBeUndefined();

      expect(next.calls).toBe(13);
    });

    it('retries past maxAttempts when a transient failure is wrapped in EventFailedError', async () => {
      const next = failing(
        ...times(6, () => new EventFailedError(7n, new TransientError('db restarting'))),
      );

      await retryMiddleware({ ...fast, maxAttempts: 2 })(next)(new FakeBatch());

      expect(next.calls).toBe(7);
    });

    it('reports each retry with its error, attempt number and delay when a listener is given', async () => {
      const errors = [new TransientError('one'), new TransientError('two')];
      const retries: [unknown, number, number][] = [];

      await retryMiddleware(fast, (error, attempt, delay) => retries.push([error, attempt, delay]))(
        failing(...errors),
      )(new FakeBatch());

      expect(retries).toEqual([
        [errors[0], 1, 1],
        [errors[1], 2, 1],
      ]);
    });
  });

  describe('unknown failures', () => {
    it('throws RetriesExhaustedError with the attempt count and last error when maxAttempts is reached', async () => {
      const errors = times(10, (i) => new Error(`boom ${i}`));
      const next = failing(...errors);

      const error = await rejectionOf(
        retryMiddleware({ ...fast, maxAttempts: 4 })(next)(new FakeBatch()),
      );

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect(error).toMatchObject({ attempts: 4, cause: errors[3] });
      expect(next.calls).toBe(4);
    });

    it('counts only unknown failures against maxAttempts when transient ones came first', async () => {
      const unknown = new Error('handler bug');
      const next = failing(
        ...times(5, () => new TransientError('database down')),
        unknown,
        unknown,
      );
      await retryMiddleware({ ...fast, maxAttempts: 3 })(next)(new FakeBatch());
      expect(next.calls).toBe(8);
    });

    it('allows five attempts when maxAttempts is not set', async () => {
      const next = failing(...times(10, () => new Error('boom')));

      const error = await rejectionOf(retryMiddleware(fast)(next)(new FakeBatch()));

      expect(error).toMatchObject({ attempts: 5 });
      expect(next.calls).toBe(5);
    });

    it('keeps the EventFailedError as cause when the unknown failure names its event', async () => {
      const failure = new EventFailedError(42n, new TypeError('undefined is not a function'));

      const error = await rejectionOf(
        retryMiddleware({ ...fast, maxAttempts: 2 })(failing(failure, failure, failure))(
          new FakeBatch(),
        ),
      );

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect((error as RetriesExhaustedError).cause).toBe(failure);
    });

    it('resolves when an unknown failure clears before maxAttempts', async () => {
      const next = failing(new Error('flaky'), new Error('flaky'));

      await expect(
        retryMiddleware({ ...fast, maxAttempts: 3 })(next)(new FakeBatch()),
      ).resolves.toBeUndefined();
      expect(next.calls).toBe(3);
    });
  });

  describe('permanent failures', () => {
    it.each<[string, unknown]>([
      ['an EventRejectedError', new EventRejectedError('email taken', 'email-taken')],
      ['a SchemaViolationError', new SchemaViolationError('customers.x', ['name: Required'])],
      [
        'an EventFailedError wrapping an EventRejectedError',
        new EventFailedError(5n, new EventRejectedError('no')),
      ],
      [
        'an EventFailedError wrapping a SchemaViolationError',
        new EventFailedError(5n, new SchemaViolationError('customers.x', ['id: Required'])),
      ],
    ])('rethrows at once without retrying when the failure is %s', async (_, failure) => {
      const next = failing(failure);
      const onRetry = jest.fn();

      const error = await rejectionOf(retryMiddleware(fast, onRetry)(next)(new FakeBatch()));

      expect(error).toBe(failure);
      expect(next.calls).toBe(1);
      expect(onRetry).not.toHaveBeenCalled();
    });
  });

  describe('abandoned batches', () => {
    it('rethrows a BatchAbandonedError from downstream at once when the partition was revoked', async () => {
      const abandoned = new BatchAbandonedError('test-topic', 3);
      const next = failing(abandoned);

      await expect(retryMiddleware(fast)(next)(new FakeBatch())).rejects.toBe(abandoned);
      expect(next.calls).toBe(1);
    });

    it('throws BatchAbandonedError without another attempt when isActive() is false after a failure', async () => {
      const batch = new FakeBatch();
      const next = Object.assign(
        async (): Promise<void> => {
          next.calls++;
          batch.active = false;
          throw new TransientError('down');
        },
        { calls: 0 },
      );

      const error = await rejectionOf(retryMiddleware(fast)(next)(batch));

      expect(error).toBeInstanceOf(BatchAbandonedError);
      expect((error as Error).message).toContain('test-topic[3]');
      expect(next.calls).toBe(1);
    });

    it('stops waiting and throws BatchAbandonedError when isActive() turns false during a long wait', async () => {
      const batch = new FakeBatch();
      batch.onHeartbeat = () => {
        if (batch.heartbeats === 2) batch.active = false;
      };
      const next = failing(new TransientError('down'));
      const started = Date.now();

      const error = await rejectionOf(
        retryMiddleware({ initialDelayMs: 10_000, maxDelayMs: 10_000, heartbeatIntervalMs: 5 })(
          next,
        )(batch),
      );

      expect(error).toBeInstanceOf(BatchAbandonedError);
      expect(next.calls).toBe(1);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  describe('heartbeat', () => {
    it('heartbeats repeatedly while waiting when the delay spans several heartbeat periods', async () => {
      const batch = new FakeBatch();
      // Fake clock: on a busy machine a 10 ms timer can fire late enough to swallow the slices.
      jest.useFakeTimers();
      try {
        const retried = retryMiddleware({
          initialDelayMs: 80,
          maxDelayMs: 80,
          heartbeatIntervalMs: 10,
        })(failing(new TransientError('down')))(batch);
        await jest.advanceTimersByTimeAsync(80);
        await retried;
      } finally {
        jest.useRealTimers();
      }

      // The wait is 40 to 80 ms, cut in slices of at most 10 ms, each followed by a heartbeat.
      expect(batch.heartbeats).toBeGreaterThanOrEqual(3);
    });

    it('heartbeats at least once per retry when the delay is shorter than the heartbeat period', async () => {
      const batch = new FakeBatch();

      await retryMiddleware(fast)(failing(new TransientError('a'), new TransientError('b')))(batch);

      expect(batch.heartbeats).toBeGreaterThanOrEqual(2);
    });

    it('does not heartbeat when the first attempt succeeds', async () => {
      const batch = new FakeBatch();

      await retryMiddleware(fast)(failing())(batch);

      expect(batch.heartbeats).toBe(0);
    });

    it('goes on retrying when a heartbeat fails', async () => {
      const batch = new FakeBatch();
      batch.failHeartbeat = true;
      const next = failing(new TransientError('a'), new TransientError('b'));

      await expect(retryMiddleware(fast)(next)(batch)).resolves.toBeUndefined();
      expect(next.calls).toBe(3);
      expect(batch.heartbeats).toBeGreaterThanOrEqual(2);
    });
  });
});
