import { defineEvent, EventEnvelope, PayloadOf } from '@app/events';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { z } from 'zod';
import { BATCH_HANDLER, OnEvent, OnEventBatch } from './on-event.decorator';
import { WorkerBatchContext } from './worker-batch-context';
import { WorkerContext } from './worker-context';

const opened = defineEvent({
  type: 'test.account-opened',
  schema: z.object({ accountId: z.string() }),
  topic: 'test.commands',
  key: (p) => p.accountId,
});
/** The payload of another event. */
interface OtherPayload {
  readonly name: number;
}

const closed = defineEvent({
  type: 'test.account-closed',
  schema: z.object({ accountId: z.string() }),
  topic: 'test.commands',
  key: (p) => p.accountId,
});

class Handlers {
  @OnEvent(opened)
  @OnEvent(closed)
  either(_event: EventEnvelope<PayloadOf<typeof opened>>, _ctx: WorkerContext): void {}

  @OnEvent(opened)
  open(_event: EventEnvelope<PayloadOf<typeof opened>>, _ctx: WorkerContext): void {}

  @OnEventBatch(opened)
  openAll(_events: readonly EventEnvelope<PayloadOf<typeof opened>>[], _ctx: WorkerBatchContext) {}

  // @ts-expect-error the payload declared is another event's: it does not compile.
  @OnEvent(opened)
  wrong(_event: EventEnvelope<OtherPayload>): void {}
}

describe(OnEvent.name, () => {
  it("registers the method for the definition's type when it decorates a handler", () => {
    const method = Object.getOwnPropertyDescriptor(Handlers.prototype, 'open')?.value as object;

    expect(Reflect.getMetadata(PATTERN_METADATA, method)).toEqual([opened.type]);
  });

  it('registers every type when several are stacked on one method', () => {
    const method = Object.getOwnPropertyDescriptor(Handlers.prototype, 'either')?.value as object;

    expect(Reflect.getMetadata(PATTERN_METADATA, method)).toEqual([closed.type, opened.type]);
  });
});

describe(OnEventBatch.name, () => {
  it('marks the method as a batch handler when it decorates one', () => {
    const method = Object.getOwnPropertyDescriptor(Handlers.prototype, 'openAll')?.value as object;

    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method)).toMatchObject({
      [BATCH_HANDLER]: true,
    });
  });
});
