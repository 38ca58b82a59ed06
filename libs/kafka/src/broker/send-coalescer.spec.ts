import { SendCoalescer } from './send-coalescer';

/** A request the test acknowledges or fails by hand. */
interface HeldRequest {
  readonly items: number[];
  ack(): void;
  fail(error: Error): void;
}

function heldSender(): { requests: HeldRequest[]; send: (items: number[]) => Promise<void> } {
  const requests: HeldRequest[] = [];
  return {
    requests,
    send: (items) =>
      new Promise<void>((resolve, reject) => requests.push({ items, ack: resolve, fail: reject })),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(SendCoalescer.name, () => {
  it('sends a lone call at once as its own request', async () => {
    const sender = heldSender();
    const coalescer = new SendCoalescer(sender.send);

    const sent = coalescer.send([1, 2]);
    await tick();
    sender.requests[0].ack();

    await expect(sent).resolves.toBeUndefined();
    expect(sender.requests.map((r) => r.items)).toEqual([[1, 2]]);
  });

  it('merges the calls made while a request is in flight into the next one, in call order', async () => {
    const sender = heldSender();
    const coalescer = new SendCoalescer(sender.send);
    const first = coalescer.send([1]);
    await tick();

    const second = coalescer.send([2, 3]);
    const third = coalescer.send([4]);
    sender.requests[0].ack();
    await first;
    await tick();
    sender.requests[1].ack();

    await Promise.all([second, third]);
    expect(sender.requests.map((r) => r.items)).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every call of a failed request with its error, and goes on with later calls', async () => {
    const sender = heldSender();
    const coalescer = new SendCoalescer(sender.send);
    const first = coalescer.send([1]);
    await tick();
    const second = coalescer.send([2]);
    const third = coalescer.send([3]);

    sender.requests[0].fail(new Error('broker down'));
    await expect(first).rejects.toThrow('broker down');
    await tick();
    sender.requests[1].fail(new Error('still down'));
    await expect(second).rejects.toThrow('still down');
    await expect(third).rejects.toThrow('still down');
    const fourth = coalescer.send([4]);
    await tick();
    sender.requests[2].ack();

    await expect(fourth).resolves.toBeUndefined();
    expect(sender.requests.map((r) => r.items)).toEqual([[1], [2, 3], [4]]);
  });

  it('stops merging at maxItems without splitting a call', async () => {
    const sender = heldSender();
    const coalescer = new SendCoalescer(sender.send, 3);
    const first = coalescer.send([0]);
    await tick();
    const rest = [coalescer.send([1, 2]), coalescer.send([3, 4]), coalescer.send([5, 6, 7, 8])];

    sender.requests[0].ack();
    await first;
    for (let i = 1; i <= 3; i++) {
      await tick();
      sender.requests[i].ack();
    }

    await Promise.all(rest);
    expect(sender.requests.map((r) => r.items)).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  it('with gather, sends the calls made in one turn of the event loop as one first request', async () => {
    const sender = heldSender();
    const coalescer = new SendCoalescer(sender.send, 2_000, true);

    const calls = [coalescer.send([1]), coalescer.send([2]), coalescer.send([3, 4])];
    expect(sender.requests).toHaveLength(0);
    await tick();
    sender.requests[0]?.ack();

    await Promise.all(calls);
    expect(sender.requests.map((r) => r.items)).toEqual([[1, 2, 3, 4]]);
  });

  it('without gather, sends the first call of a turn alone', async () => {
    const sender = heldSender();
    const coalescer = new SendCoalescer(sender.send);

    const calls = [coalescer.send([1]), coalescer.send([2])];
    await tick();
    sender.requests[0].ack();
    await tick();
    sender.requests[1]?.ack();

    await Promise.all(calls);
    expect(sender.requests.map((r) => r.items)).toEqual([[1], [2]]);
  });

  it('sends each call of a merged request alone when its failure calls for it, so each gets its own verdict', async () => {
    const sender = heldSender();
    const refused = (error: unknown) => error instanceof Error && error.message === 'refused';
    const coalescer = new SendCoalescer(sender.send, 2_000, false, refused);
    const first = coalescer.send([1]);
    await tick();
    const second = expect(coalescer.send([2])).rejects.toThrow('refused');
    const third = coalescer.send([3]);
    sender.requests[0].ack();
    await tick();

    sender.requests[1].fail(new Error('refused'));
    await tick();
    sender.requests[2].fail(new Error('refused'));
    await tick();
    sender.requests[3].ack();

    await expect(first).resolves.toBeUndefined();
    await second;
    await expect(third).resolves.toBeUndefined();
    expect(sender.requests.map((r) => r.items)).toEqual([[1], [2, 3], [2], [3]]);
  });
});
