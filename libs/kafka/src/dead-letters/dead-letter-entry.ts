import { CloudEventHeaders, DeadLetterHeaders } from '@app/events';
import type { TopicRecord } from '../kafkajs/read-topic';
import {
  deadLetterFingerprint,
  MissingFailureHeader,
  normaliseReason,
} from './dead-letter-fingerprint';

/** A record of a dead-letter topic as the tool reads it: headers as text. */
export type DeadLetterRecord = TopicRecord;

/** One dead letter: the original event and why, where and when it failed. */
export interface DeadLetterEntry {
  readonly record: DeadLetterRecord;
  readonly type: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: bigint;
  readonly attempts: number;
  readonly consumerGroup: string;
  readonly failedAt: Date;
  /** Groups entries that failed alike: `deadLetterFingerprint` of its headers. */
  readonly fingerprint: string;
}

/** Reads a dead-letter record into an entry; a header it lacks reads as empty or zero. */
export function deadLetterEntry(record: DeadLetterRecord): DeadLetterEntry {
  const h = record.headers;
  const type = h[CloudEventHeaders.type] ?? MissingFailureHeader.type;
  const errorCode = h[DeadLetterHeaders.errorCode] ?? MissingFailureHeader.errorCode;
  const errorMessage = h[DeadLetterHeaders.errorMessage] ?? '';
  return {
    record,
    type,
    errorCode,
    errorMessage,
    originalTopic: h[DeadLetterHeaders.originalTopic] ?? '',
    originalPartition: Number(h[DeadLetterHeaders.originalPartition] ?? -1),
    originalOffset: BigInt(h[DeadLetterHeaders.originalOffset] ?? -1),
    attempts: Number(h[DeadLetterHeaders.attempts] ?? 0),
    consumerGroup: h[DeadLetterHeaders.consumerGroup] ?? '',
    failedAt: new Date(h[DeadLetterHeaders.failedAt] ?? 0),
    fingerprint: deadLetterFingerprint(h),
  };
}

/** Where a dead letter sits: `<partition>:<offset>`, the key of its acknowledgement. */
export function positionOf(entry: DeadLetterEntry): string {
  return `${entry.record.partition}:${entry.record.offset}`;
}

/** What became of an entry: still to handle, acknowledged by a person, or replayed. */
export interface EntryMark {
  readonly action: 'ack' | 'replayed';
  readonly by: string;
  readonly at: string;
  readonly why: string;
  /** The replay run that sent it back. */
  readonly run?: string;
}

/** Per fingerprint, the open entries' summary. */
export interface FingerprintStats {
  readonly fingerprint: string;
  readonly type: string;
  readonly errorCode: string;
  readonly reason: string;
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  /** Per original topic and partition, the range of offsets. */
  readonly sources: readonly string[];
}

/** Summarises the entries by fingerprint, most frequent first. */
export function statsOf(entries: readonly DeadLetterEntry[]): FingerprintStats[] {
  const groups = new Map<string, DeadLetterEntry[]>();
  for (const entry of entries) {
    groups.set(entry.fingerprint, [...(groups.get(entry.fingerprint) ?? []), entry]);
  }
  return [...groups.values()]
    .map((group) => {
      const times = group.map((e) => e.failedAt.getTime());
      const ranges = new Map<string, bigint[]>();
      for (const e of group) {
        const source = `${e.originalTopic}[${e.originalPartition}]`;
        ranges.set(source, [...(ranges.get(source) ?? []), e.originalOffset]);
      }
      return {
        fingerprint: group[0].fingerprint,
        type: group[0].type,
        errorCode: group[0].errorCode,
        reason: normaliseReason(group[0].errorMessage),
        count: group.length,
        firstSeen: new Date(Math.min(...times)),
        lastSeen: new Date(Math.max(...times)),
        sources: [...ranges].map(([source, offsets]) => {
          const sorted = offsets.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          const [first, last] = [sorted[0], sorted[sorted.length - 1]];
          return first === last ? `${source}@${first}` : `${source}@${first}..${last}`;
        }),
      };
    })
    .sort((a, b) => b.count - a.count);
}

/** Which entries a command is about: by fingerprint, positions, and a time range, all optional. */
export interface EntrySelection {
  readonly fingerprint?: string;
  /** `<partition>:<offset>` of dead letters. */
  readonly positions?: readonly string[];
  readonly since?: Date;
  readonly until?: Date;
}

/** Returns the entries a selection names, in the order of their original topic and offsets. */
export function select(
  entries: readonly DeadLetterEntry[],
  selection: EntrySelection,
): DeadLetterEntry[] {
  return entries
    .filter(
      (e) =>
        (selection.fingerprint === undefined || e.fingerprint === selection.fingerprint) &&
        (selection.positions === undefined || selection.positions.includes(positionOf(e))) &&
        (selection.since === undefined || e.failedAt >= selection.since) &&
        (selection.until === undefined || e.failedAt <= selection.until),
    )
    .sort(
      (a, b) =>
        a.originalTopic.localeCompare(b.originalTopic) ||
        a.originalPartition - b.originalPartition ||
        (a.originalOffset < b.originalOffset ? -1 : a.originalOffset > b.originalOffset ? 1 : 0),
    );
}

/**
 * The record that sends an entry back to its original topic: its key and value, its headers
 * without the dead-letter ones, and where it was replayed from. Its tracking id is kept aside:
 * the request it carried was answered when it failed, and a replay is an operator's act.
 */
export function replayRecord(
  entry: DeadLetterEntry,
  dlqTopic: string,
  run: string,
): { topic: string; key: Buffer | null; value: Buffer | null; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.record.headers)) {
    if (!name.startsWith('dlq_') && name !== CloudEventHeaders.trackingId) headers[name] = value;
  }
  const trackingId = entry.record.headers[CloudEventHeaders.trackingId];
  if (trackingId !== undefined) headers[DeadLetterHeaders.originalTrackingId] = trackingId;
  headers[DeadLetterHeaders.replayedFrom] = `${dlqTopic}:${positionOf(entry)}`;
  headers[DeadLetterHeaders.replayRun] = run;
  return { topic: entry.originalTopic, key: entry.record.key, value: entry.record.value, headers };
}
