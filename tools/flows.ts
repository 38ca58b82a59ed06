/**
 * Shows one flow across the landscape: `npm run flows -- <correlation id | trace id> [--topics a,b]`
 * (in the image: `node dist/tools/flows.js ...`). Reads the input and output topics of every
 * service of the landscape (with KAFKA_TOPIC_PREFIX), or the topics given, from the beginning, and
 * prints every event of the flow under the event that caused it: time, type, source, position, id.
 * KAFKA_BROKERS names the brokers (default: the local stack's); the KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SSL_* and KAFKA_SASL_* variables secure the connection as they do the apps'.
 */
import { brokerList, loadConfig, topicPrefix } from '@app/config';
import { readFlow } from '@app/kafka';
import { brokerSecurityOf, kafkaSecurityEnv, requireConsistentKafkaSecurity } from '@app/service';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { landscape } from './landscape';

const flowsEnv = z
  .object({
    KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
    KAFKA_TOPIC_PREFIX: topicPrefix.default(''),
    ...kafkaSecurityEnv,
  })
  .superRefine(requireConsistentKafkaSecurity);

const USAGE = 'usage: npm run flows -- <correlation id | trace id> [--topics a,b,...]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { topics: { type: 'string' } },
  });
  const [id] = positionals;
  if (!id) throw new Error(USAGE);
  const env = loadConfig(flowsEnv);
  const topics =
    values.topics?.split(',') ??
    Object.values(landscape).flatMap((service) =>
      [service.topics.commands, service.topics.events].map(
        (topic) => `${env.KAFKA_TOPIC_PREFIX}${topic}`,
      ),
    );
  const lines = await readFlow(env.KAFKA_BROKERS, topics, id, brokerSecurityOf(env));
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

main().catch((error: unknown) => {
  process.stderr.write(`flows: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
