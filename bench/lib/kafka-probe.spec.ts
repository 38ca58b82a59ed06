import { retryTransient } from './kafka-probe';

describe(retryTransient.name, () => {
  const notCoordinator = Object.assign(
    new Error('This is not the correct coordinator for this group'),
    {
      retriable: true,
    },
  );

  it('calls again while the broker answers with a retriable error, then returns the answer', async () => {
    let calls = 0;
    const answer = await retryTransient(
      async () => {
        if (++calls < 3) throw notCoordinator;
        return 42;
      },
      5,
      1,
    );
    expect({ answer, calls }).toEqual({ answer: 42, calls: 3 });
  });

  it('gives up after the attempts allowed, with the last error', async () => {
    await expect(retryTransient(() => Promise.reject(notCoordinator), 3, 1)).rejects.toBe(
      notCoordinator,
    );
  });

  it('does not retry an error that is not retriable', async () => {
    let calls = 0;
    const fatal = new Error('unknown topic');
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw fatal;
        },
        5,
        1,
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });
});
