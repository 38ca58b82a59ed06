/**
 * Works with a dead-letter topic: `npm run dlq -- <command> --topic <dlq> [options]`
 * (in the image: `node dist/tools/dlq.js ...`). KAFKA_BROKERS names the brokers (default: the
 * local stack's), KAFKA_SECURITY_PROTOCOL and the other KAFKA_SSL_* and KAFKA_SASL_* variables
 * secure the connection as they do the apps'. Commands:
 *   list                 every entry: position, time, type, error code, fingerprint, status
 *   stats                open entries grouped by fingerprint, first and last seen, sources
 *   show                 the selected entries in full
 *   replay [--dry-run]   send the selected open entries back to their original topics
 *   ack --why TEXT       mark the selected open entries handled
 * Selection: --fingerprint F, --positions P:O[,P:O...], --since ISO, --until ISO.
 * --run NAME names a replay (default: a timestamp); --by NAME who acts (default: $USER).
 */
import { brokerList, loadConfig } from '@app/config';
import { deadLetterCommands, EntrySelection } from '@app/kafka';
import { brokerSecurityOf, kafkaSecurityEnv, requireConsistentKafkaSecurity } from '@app/service';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const kafkaEnv = z
  .object({ KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']), ...kafkaSecurityEnv })
  .superRefine(requireConsistentKafkaSecurity);

const USAGE =
  'usage: npm run dlq -- list|stats|show|replay|ack --topic <dead-letter topic> [options]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      fingerprint: { type: 'string' },
      positions: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      run: { type: 'string' },
      by: { type: 'string' },
      why: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
  const [command] = positionals;
  if (!command || !values.topic) throw new Error(USAGE);
  const selection: EntrySelection = {
    fingerprint: values.fingerprint,
    positions: values.positions?.split(','),
    since: dateOption('since', values.since),
    until: dateOption('until', values.until),
  };
  const env = loadConfig(kafkaEnv);
  const dlq = deadLetterCommands(env.KAFKA_BROKERS, values.topic, brokerSecurityOf(env));
  const by = values.by ?? process.env.USER ?? 'operator';
  let lines: string[];
  switch (command) {
    case 'list':
      lines = await dlq.list(selection);
      break;
    case 'stats':
      lines = await dlq.stats(selection);
      break;
    case 'show':
      lines = await dlq.show(selection);
      break;
    case 'replay':
      lines = await dlq.replay(selection, {
        run: values.run ?? `replay-${new Date().toISOString()}`,
        by,
        dryRun: values['dry-run'],
      });
      break;
    case 'ack':
      if (!values.why) throw new Error('ack needs --why: say why these entries need nothing more');
      lines = await dlq.acknowledge(selection, by, values.why);
      break;
    default:
      throw new Error(`unknown command '${command}'; ${USAGE}`);
  }
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
}

function dateOption(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name} '${value}' is not a date`);
  return date;
}

main().catch((error: unknown) => {
  process.stderr.write(`dlq: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
