import { Contender } from './contender';

/** Our customers worker in `processes` processes of one group, on a Kafka client. */
export const ours = (
  processes: number,
  client: 'kafkajs' | 'librdkafka' = 'kafkajs',
): Contender => ({
  key: `a${processes}${client === 'librdkafka' ? 'r' : ''}`,
  label: `ours, ${processes} worker process${processes > 1 ? 'es' : ''}${client === 'librdkafka' ? ', librdkafka' : ''}`,
  processes,
  entry: 'customers/worker',
  env: { KAFKA_CLIENT: client },
});

/** NestJS's own Kafka transport, one transaction per message. */
export const nest = (concurrency: number): Contender => ({
  key: 'b',
  label: `NestJS ServerKafka, per-message transaction (concurrency ${concurrency})`,
  processes: 1,
  entry: 'bench/contenders/nest-transport/main.ts',
  env: { CONCURRENCY: String(concurrency) },
});

/** The hand-written ceiling of kafkajs and pg. */
export const raw: Contender = {
  key: 'c',
  label: 'hand-written kafkajs eachBatch + pg',
  processes: 1,
  entry: 'bench/contenders/raw-kafkajs/main.ts',
  env: { CONCURRENCY: '4' },
};

/** The same, with our worker's guarantee writes: what those cost, apart from the rest of our worker. */
export const rawWithGuarantees: Contender = {
  ...raw,
  key: 'cg',
  label: 'hand-written kafkajs eachBatch + pg, with our guarantee writes',
  env: { ...raw.env, GUARANTEES: '1' },
};

/** Every contender by key, for scripts that take keys. */
export const CONTENDERS: Record<string, Contender> = Object.fromEntries(
  [
    raw,
    rawWithGuarantees,
    ours(1),
    ours(2),
    ours(1, 'librdkafka'),
    ours(2, 'librdkafka'),
    nest(12),
  ].map((c) => [c.key, c]),
);

/**
 * Splits `name:K=V+K2=V2` into the name and the environment after the colon (none when absent):
 * how the scripts that run one scenario take a contender or client with settings of its own.
 */
export function withSettings(spec: string): { name: string; env: Record<string, string> } {
  const colon = spec.indexOf(':');
  if (colon < 0) return { name: spec, env: {} };
  const pairs = spec.slice(colon + 1).split('+');
  return {
    name: spec.slice(0, colon),
    env: Object.fromEntries(
      pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
  };
}
