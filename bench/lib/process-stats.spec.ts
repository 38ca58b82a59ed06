import { cpuBetween } from './process-stats';

describe(cpuBetween.name, () => {
  it('adds what each process of a role used, counting a new one whole and leaving out one that is gone', () => {
    const before = {
      kafka: new Map([
        [10, 5],
        [11, 40],
      ]),
    };
    // Process 11 exited in between: it reads 0 now. Process 12 started in between.
    const after = {
      kafka: new Map([
        [10, 7.5],
        [11, 0],
        [12, 1],
      ]),
    };

    expect(cpuBetween(before, after)).toEqual({ kafka: 3.5 });
  });
});
