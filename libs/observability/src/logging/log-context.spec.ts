import { setTimeout as sleep } from 'node:timers/promises';
import { currentLogContext, runWithLogContext } from './log-context';

describe('log context', () => {
  describe(currentLogContext, () => {
    it('returns undefined when no context is active', () => {
      expect(currentLogContext()).toBeUndefined();
    });
  });

  describe(runWithLogContext, () => {
    it('keeps the context across awaits and timers when the work is async', async () => {
      const seen = await runWithLogContext({ trackingId: 't-1' }, async () => {
        await sleep(5);
        const afterTimer = currentLogContext();
        await Promise.resolve();
        return [afterTimer, currentLogContext()];
      });
      expect(seen).toEqual([{ trackingId: 't-1' }, { trackingId: 't-1' }]);
      expect(currentLogContext()).toBeUndefined();
    });

    it('isolates concurrent units of work when they interleave', async () => {
      const handle = (eventId: string, delay: number) =>
        runWithLogContext({ eventId }, async () => {
          await sleep(delay);
          return currentLogContext()?.eventId;
        });
      await expect(
        Promise.all([handle('e-1', 15), handle('e-2', 1), handle('e-3', 8)]),
      ).resolves.toEqual(['e-1', 'e-2', 'e-3']);
    });

    it('adds to the outer context when nested, and restores it after', async () => {
      await runWithLogContext({ trackingId: 't-1', eventId: 'e-1' }, async () => {
        const inner = await runWithLogContext({ eventId: 'e-2', eventType: 'x' }, async () => {
          await sleep(1);
          return currentLogContext();
        });
        expect(inner).toEqual({ trackingId: 't-1', eventId: 'e-2', eventType: 'x' });
        expect(currentLogContext()).toEqual({ trackingId: 't-1', eventId: 'e-1' });
      });
    });

    it('returns what the function returns when it is synchronous', () => {
      expect(runWithLogContext({ eventId: 'e-1' }, () => currentLogContext()?.eventId)).toBe('e-1');
    });
  });
});
