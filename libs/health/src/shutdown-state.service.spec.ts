import { ShutdownState } from './shutdown-state.service';

describe(ShutdownState, () => {
  afterEach(() => jest.useRealTimers());

  describe('isShuttingDown', () => {
    it('is false when shutdown has not begun', () => {
      expect(new ShutdownState({ drainMs: 0 }).isShuttingDown()).toBe(false);
    });
  });

  describe('onModuleDestroy', () => {
    it('marks shutdown as begun at once when Nest starts closing', () => {
      const state = new ShutdownState({ drainMs: 5_000 });
      state.onModuleDestroy();
      expect(state.isShuttingDown()).toBe(true);
    });
  });

  describe('beforeApplicationShutdown', () => {
    it('marks shutdown as begun before the drain, and resolves only after drainMs', async () => {
      jest.useFakeTimers();
      const state = new ShutdownState({ drainMs: 3_000 });
      let drained = false;
      const shutdown = state.beforeApplicationShutdown().then(() => (drained = true));

      expect(state.isShuttingDown()).toBe(true);
      await jest.advanceTimersByTimeAsync(2_999);
      expect(drained).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await shutdown;
      expect(drained).toBe(true);
    });

    it('resolves without waiting when drainMs is 0', async () => {
      const state = new ShutdownState({ drainMs: 0 });
      await state.beforeApplicationShutdown();
      expect(state.isShuttingDown()).toBe(true);
    });
  });
});
