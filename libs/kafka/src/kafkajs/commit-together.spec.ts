import { commitTogether, PendingCommit } from './commit-together';

describe(commitTogether.name, () => {
  it('commits every partition in one call, grouped by topic, the highest offset of a partition winning', async () => {
    const calls: unknown[] = [];
    const commitOffsets = async (offsets: unknown) => {
      calls.push(offsets);
    };
    const commit = (topic: string, partition: number, offset: bigint): PendingCommit => ({
      topic,
      partition,
      offset,
      commitOffsets,
    });

    await commitTogether([
      commit('a', 0, 10n),
      commit('b', 3, 7n),
      commit('a', 1, 4n),
      commit('a', 0, 12n),
      commit('a', 0, 11n),
    ]);

    expect(calls).toEqual([
      {
        topics: [
          {
            topic: 'a',
            partitions: [
              { partition: 0, offset: '12' },
              { partition: 1, offset: '4' },
            ],
          },
          { topic: 'b', partitions: [{ partition: 3, offset: '7' }] },
        ],
      },
    ]);
  });

  it('fails with the error of the commit', async () => {
    const failing: PendingCommit = {
      topic: 'a',
      partition: 0,
      offset: 1n,
      commitOffsets: () => Promise.reject(new Error('coordinator moved')),
    };

    await expect(commitTogether([failing])).rejects.toThrow('coordinator moved');
  });
});
