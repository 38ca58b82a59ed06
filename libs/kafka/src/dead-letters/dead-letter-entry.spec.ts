import { CloudEventHeaders, DeadLetterHeaders } from '@app/events';
import {
  deadLetterEntry,
  DeadLetterRecord,
  replayRecord,
  select,
  statsOf,
} from './dead-letter-entry';
import { normaliseReason } from './dead-letter-fingerprint';

function record(offset: number, headers: Record<string, string>): DeadLetterRecord {
  return {
    partition: 0,
    offset: BigInt(offset),
    key: Buffer.from('k'),
    value: Buffer.from('{}'),
    headers: {
      [CloudEventHeaders.type]: 'test.thing',
      [DeadLetterHeaders.errorCode]: 'schema-violation',
      [DeadLetterHeaders.originalTopic]: 'test.in',
      [DeadLetterHeaders.originalPartition]: '3',
      [DeadLetterHeaders.failedAt]: new Date(Date.UTC(2026, 0, 1, 0, 0, offset)).toISOString(),
      ...headers,
    },
  };
}

const failed = (offset: number, originalOffset: number, message: string) =>
  deadLetterEntry(
    record(offset, {
      [DeadLetterHeaders.errorMessage]: message,
      [DeadLetterHeaders.originalOffset]: String(originalOffset),
    }),
  );

describe('dead-letter entries', () => {
  it('gives events that failed alike one fingerprint, whatever their values', () => {
    expect(normaliseReason(`Payload of event 'a' (id '3f2a') violates: amount: expected 12`)).toBe(
      'Payload of event <text> (id <text>) violates: amount: expected <n>',
    );
    const a = failed(1, 10, "Event 'x-1' at 17 is bad");
    const b = failed(2, 11, "Event 'y-2' at 99 is bad");
    const c = failed(3, 12, 'Something else');
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it('summarises open entries by fingerprint, most frequent first, with when and where', () => {
    const entries = [failed(1, 10, 'bad 1'), failed(2, 14, 'bad 2'), failed(3, 12, 'other')];
    const [top, next] = statsOf(entries);
    expect(top).toMatchObject({
      count: 2,
      reason: 'bad <n>',
      sources: ['test.in[3]@10..14'],
      firstSeen: entries[0].failedAt,
      lastSeen: entries[1].failedAt,
    });
    expect(next).toMatchObject({ count: 1, sources: ['test.in[3]@12'] });
  });

  it('selects by fingerprint, position and time, in the original order', () => {
    const entries = [failed(1, 30, 'bad 1'), failed(2, 20, 'bad 2'), failed(3, 10, 'other')];
    expect(
      select(entries, { fingerprint: entries[0].fingerprint }).map((e) => e.originalOffset),
    ).toEqual([20n, 30n]);
    expect(select(entries, { positions: ['0:3'] })).toEqual([entries[2]]);
    expect(select(entries, { since: entries[1].failedAt, until: entries[1].failedAt })).toEqual([
      entries[1],
    ]);
  });

  it('sends back the original key, value and headers, not the dead-letter ones, saying whence', () => {
    const entry = deadLetterEntry(
      record(7, {
        [CloudEventHeaders.id]: 'e-1',
        [CloudEventHeaders.trackingId]: 't-1',
        custom: 'kept',
      }),
    );
    const replay = replayRecord(entry, 'test.in.dlq', 'run-1');
    expect(replay).toMatchObject({
      topic: 'test.in',
      key: Buffer.from('k'),
      value: Buffer.from('{}'),
    });
    expect(replay.headers).toEqual({
      [CloudEventHeaders.type]: 'test.thing',
      [CloudEventHeaders.id]: 'e-1',
      custom: 'kept',
      [DeadLetterHeaders.originalTrackingId]: 't-1',
      [DeadLetterHeaders.replayedFrom]: 'test.in.dlq:0:7',
      [DeadLetterHeaders.replayRun]: 'run-1',
    });
  });
});
