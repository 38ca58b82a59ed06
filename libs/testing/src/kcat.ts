import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { stackConfig } from './stack-config';

const run = promisify(execFile);

/** A record as kcat (an independent Kafka client) reads it. */
export interface KcatRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly payload: string | null;
  readonly headers: Record<string, string>;
}

interface KcatJson {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[] | null;
}

/** Returns a topic's partition count as the broker reports it (0 when the topic does not exist). */
export async function kcatPartitionCount(topic: string): Promise<number> {
  const { stdout } = await run('kcat', ['-b', stackConfig().brokers[0], '-L', '-t', topic, '-J']);
  const metadata = JSON.parse(stdout) as { topics: { topic: string; partitions?: unknown[] }[] };
  return metadata.topics.find((t) => t.topic === topic)?.partitions?.length ?? 0;
}

/** Reads every record of a topic from the beginning with kcat, up to the end at the time of reading. */
export async function kcatReadAll(topic: string): Promise<KcatRecord[]> {
  const { stdout } = await run(
    'kcat',
    ['-b', stackConfig().brokers[0], '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q'],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const json = JSON.parse(line) as KcatJson;
      const headers: Record<string, string> = {};
      const list = json.headers ?? [];
      for (let i = 0; i + 1 < list.length; i += 2) headers[list[i]] = list[i + 1];
      return {
        topic: json.topic,
        partition: json.partition,
        offset: json.offset,
        key: json.key,
        payload: json.payload,
        headers,
      };
    });
}

/** A broker kcat connects to and the librdkafka settings (`-X`) it connects with. */
export interface KcatConnection {
  readonly broker: string;
  /** `security.protocol`, `sasl.username`, ... @default none: plaintext */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * Writes one record with kcat, with the given key and headers; `value` may be any bytes.
 * @default connection the stack's broker, plaintext
 * @throws Error with kcat's stderr when the broker refuses the record.
 */
export async function kcatProduce(
  topic: string,
  record: {
    key?: string;
    value: Buffer | string;
    headers?: Record<string, string>;
    partition?: number;
  },
  connection: KcatConnection = { broker: stackConfig().brokers[0] },
): Promise<void> {
  // murmur2 on the key, as the Java client and our kafkajs producer do (kcat's default differs).
  const args = [
    '-b',
    connection.broker,
    ...Object.entries(connection.settings ?? {}).flatMap(([name, value]) => [
      '-X',
      `${name}=${value}`,
    ]),
    '-X',
    'partitioner=murmur2_random',
    '-P',
    '-t',
    topic,
    '-c',
    '1',
  ];
  if (record.partition !== undefined) args.push('-p', String(record.partition));
  for (const [name, value] of Object.entries(record.headers ?? {}))
    args.push('-H', `${name}=${value}`);
  if (record.key !== undefined) args.push('-K', '\u0001');
  const input =
    record.key !== undefined
      ? Buffer.concat([Buffer.from(`${record.key}\u0001`), Buffer.from(record.value)])
      : Buffer.from(record.value);
  await kcatWrite(args, input);
}

/** Runs `kcat <args>` with `input` on its standard input; rejects with kcat's stderr when it fails. */
export function kcatWrite(args: readonly string[], input: Buffer | string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('kcat', [...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`kcat exited with ${code}: ${stderr}`)),
    );
    child.stdin.end(input);
  });
}
