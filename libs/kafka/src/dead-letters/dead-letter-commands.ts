import { logLevel } from 'kafkajs';
import { BrokerSecurity } from '../broker/broker-security';
import { kafkaClient } from '../kafkajs/kafkajs-broker';
import {
  DeadLetterEntry,
  EntryMark,
  EntrySelection,
  positionOf,
  select,
  statsOf,
} from './dead-letter-entry';
import { DeadLetterTopic } from './dead-letter-topic';

/** An entry with what became of it. */
export interface MarkedEntry {
  readonly entry: DeadLetterEntry;
  readonly mark?: EntryMark;
}

/** What an operator does with a dead-letter topic; each command returns the lines to print. */
export class DeadLetterCommands {
  constructor(private readonly dlq: DeadLetterTopic) {}

  /** Every entry with its status, selected. */
  async entries(selection: EntrySelection = {}): Promise<MarkedEntry[]> {
    const [entries, marks] = await Promise.all([this.dlq.entries(), this.dlq.marks()]);
    return select(entries, selection).map((entry) => ({
      entry,
      mark: marks.get(positionOf(entry)),
    }));
  }

  /** One line per entry: position, time, type, code, fingerprint, status. */
  async list(selection: EntrySelection = {}): Promise<string[]> {
    return (await this.entries(selection)).map(
      ({ entry, mark }) =>
        `${positionOf(entry)}  ${entry.failedAt.toISOString()}  ${entry.type}  ${entry.errorCode}  ` +
        `${entry.fingerprint}  ${mark ? `${mark.action} by ${mark.by}` : 'open'}`,
    );
  }

  /** Open entries grouped by fingerprint, with counts, first and last seen, sources. */
  async stats(selection: EntrySelection = {}): Promise<string[]> {
    const open = (await this.entries(selection)).filter((e) => !e.mark).map((e) => e.entry);
    if (open.length === 0) return [`${this.dlq.topic}: no open dead letters`];
    return statsOf(open).map(
      (s) =>
        `${s.fingerprint}  ${s.count} open  ${s.type}  ${s.errorCode}  first ${s.firstSeen.toISOString()}  ` +
        `last ${s.lastSeen.toISOString()}  from ${s.sources.join(', ')}\n    ${s.reason}`,
    );
  }

  /** Each selected entry in full: headers, payload (pretty when JSON), attempts and error. */
  async show(selection: EntrySelection): Promise<string[]> {
    return (await this.entries(selection)).map(({ entry, mark }) =>
      JSON.stringify(
        {
          position: positionOf(entry),
          status: mark ?? 'open',
          type: entry.type,
          error: { code: entry.errorCode, message: entry.errorMessage, attempts: entry.attempts },
          original: {
            topic: entry.originalTopic,
            partition: entry.originalPartition,
            offset: entry.originalOffset.toString(),
            consumerGroup: entry.consumerGroup,
          },
          failedAt: entry.failedAt.toISOString(),
          key: entry.record.key?.toString() ?? null,
          headers: entry.record.headers,
          payload: payloadOf(entry.record.value),
        },
        null,
        2,
      ),
    );
  }

  /**
   * Sends the selected open entries back to their original topics, in their original order; with
   * `dryRun`, only says what it would send. Replayed entries are no longer open, so running the
   * same replay again sends nothing.
   */
  async replay(
    selection: EntrySelection,
    options: { run: string; by: string; dryRun?: boolean },
  ): Promise<string[]> {
    const open = (await this.entries(selection)).filter((e) => !e.mark).map((e) => e.entry);
    const lines = open.map(
      (e) =>
        `${options.dryRun ? 'would replay' : 'replay'} ${positionOf(e)} -> ${e.originalTopic} (${e.type})`,
    );
    if (options.dryRun) return [...lines, `${open.length} to replay (dry run: nothing sent)`];
    const sent = await this.dlq.replay(open, options.run, options.by);
    return [...lines, `${sent} replayed in run ${options.run}`];
  }

  /** Marks the selected open entries handled, so that `stats` no longer counts them. */
  async acknowledge(selection: EntrySelection, by: string, why: string): Promise<string[]> {
    const open = (await this.entries(selection)).filter((e) => !e.mark).map((e) => e.entry);
    await this.dlq.acknowledge(open, by, why);
    return [`${open.length} acknowledged by ${by}: ${why}`];
  }
}

/** Builds the commands for a dead-letter topic on the given brokers. */
export function deadLetterCommands(
  brokers: readonly string[],
  topic: string,
  security?: BrokerSecurity,
): DeadLetterCommands {
  const kafka = kafkaClient(
    { clientId: 'dlq-tool', brokers: [...brokers], logLevel: logLevel.ERROR },
    security,
  );
  return new DeadLetterCommands(new DeadLetterTopic(kafka, topic));
}

function payloadOf(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
