import { Slots, TooBusyException } from './too-busy';

describe(Slots.name, () => {
  it('refuses work beyond its capacity without running it, and frees a slot when work settles', async () => {
    const slots = new Slots(1);
    let release!: () => void;
    const held = slots.run(() => new Promise<void>((resolve) => (release = resolve)), 'busy');
    const refused = jest.fn(() => Promise.resolve());
    await expect(slots.run(refused, 'busy')).rejects.toBeInstanceOf(TooBusyException);
    expect(refused).not.toHaveBeenCalled();
    release();
    await held;
    await expect(slots.run(() => Promise.resolve('ran'), 'busy')).resolves.toBe('ran');
    expect(slots.inUse).toBe(0);
  });

  it('frees the slot of work that fails', async () => {
    const slots = new Slots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')), 'busy')).rejects.toThrow(
      'boom',
    );
    expect(slots.inUse).toBe(0);
  });
});
