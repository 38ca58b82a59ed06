import { PositionBeyondLogEndError } from '../errors/position-beyond-log-end.error';
import { BatchItem } from '../pipeline/partition-batch';
import { batchOf, item, rig } from './materialize.fakes';

/** An item at `offset` of a log that was created again from offset 0. */
function at(offset: bigint): BatchItem {
  const fresh = item();
  return { ...fresh, message: { ...fresh.message, offset } };
}

describe('The stored position against the end of the log', () => {
  it('applies a batch whose log ends at or past the stored position', async () => {
    const { fates, handler } = rig();
    await handler.handle({ ...batchOf([at(0n), at(1n)]), logEnd: 2n });
    await handler.handle({ ...batchOf([at(1n), at(2n)]), logEnd: 3n });
    expect(fates.map((f) => f.kinds)).toEqual([
      ['applied', 'applied'],
      ['already-applied', 'applied'],
    ]);
  });

  it('refuses, applying nothing, a batch of a log that ends before the stored position (the topic was recreated)', async () => {
    const { fates, handler, dispatcher } = rig();
    await handler.handle({ ...batchOf([at(0n), at(1n), at(2n)]), logEnd: 3n });
    const handed = dispatcher.handed.flat().length;

    // The topic is deleted and created again: its new events start at 0, its end is 2.
    const replaced = handler.handle({ ...batchOf([at(0n), at(1n)]), logEnd: 2n });

    await expect(replaced).rejects.toThrow(PositionBeyondLogEndError);
    await expect(replaced).rejects.toThrow(
      /stored position of .*\[0\] is 3, past the end of its log \(2\)/,
    );
    expect(dispatcher.handed.flat()).toHaveLength(handed);
    expect(fates).toHaveLength(1);
  });
});
