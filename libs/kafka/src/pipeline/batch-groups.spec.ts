import { BatchGroups } from './batch-groups';

interface TestJob {
  readonly name: string;
  readonly size: number;
}

/** A runner that records the groups it is given and never finishes them. */
function recordingRunner(): { groups: string[][]; run: (group: TestJob[]) => Promise<void> } {
  const groups: string[][] = [];
  return {
    groups,
    run: (group) => {
      groups.push(group.map((job) => job.name));
      return new Promise<void>(() => undefined);
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const job = (name: string, size = 1): TestJob => ({ name, size });

describe(BatchGroups.name, () => {
  it('runs the batches added in one turn of the event loop as one group, in order', async () => {
    const runner = recordingRunner();
    const groups = new BatchGroups(runner.run, 500);

    groups.add(job('a'));
    groups.add(job('b'));
    groups.add(job('c'));
    expect(runner.groups).toEqual([]);
    await turn();

    expect(runner.groups).toEqual([['a', 'b', 'c']]);
  });

  it('starts a new group past maxEvents without splitting a batch, and runs the groups side by side', async () => {
    const runner = recordingRunner();
    const groups = new BatchGroups(runner.run, 500);

    groups.add(job('a', 300));
    groups.add(job('b', 200));
    groups.add(job('c', 400));
    groups.add(job('d', 600));
    groups.add(job('e', 1));
    await turn();

    expect(runner.groups).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
  });

  it('runs a batch of a later turn in a group of its own, without waiting for the running ones', async () => {
    const runner = recordingRunner();
    const groups = new BatchGroups(runner.run, 500);
    groups.add(job('a'));
    await turn();

    groups.add(job('b'));
    await turn();

    expect(runner.groups).toEqual([['a'], ['b']]);
  });
});
