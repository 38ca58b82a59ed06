import { CloudEventHeaders, DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { deadLetterCommands, DeadLetterCommands } from '@app/kafka';
import { kcatReadAll, stackConfig, waitFor } from '@app/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LedgerHarness } from './ledger-harness';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

describe('Dead letters an operator works with (npm run dlq; real Kafka and PostgreSQL)', () => {
  const ledger = new LedgerHarness(2);
  let dlq: DeadLetterCommands;
  let dlqTopic: string;

  beforeAll(async () => {
    await ledger.setUp();
    dlqTopic = deadLetterTopicOf(ledger.inputTopic);
    dlq = deadLetterCommands(stackConfig().brokers, dlqTopic);
  });
  afterAll(() => ledger.tearDown());

  it('replays an entry once its schema is fixed, applies it once, and a second replay sends nothing', async () => {
    const first = await ledger.startWorker();
    const good = ledger.depositRecord({ account: 'good', seq: 1, amount: 10 });
    const wrong = ledger.depositRecord({ account: 'fixme', seq: 1, amount: 15 });
    const textAmount = {
      ...wrong,
      value: Buffer.from(JSON.stringify({ account: 'fixme', seq: 1, amount: '15' })),
    };
    const garbage = {
      ...ledger.depositRecord({ account: 'junk', seq: 1, amount: 1 }),
      value: Buffer.from('{'),
    };
    await ledger.sendRecords([good, textAmount, garbage]);

    await waitFor(
      () => kcatReadAll(dlqTopic),
      (records) => records.length >= 2,
      { what: 'two dead letters' },
    );
    const stats = await dlq.stats();
    expect(stats).toHaveLength(2);
    expect(stats.join('\n')).toMatch(/1 open {2}ledger\.deposit {2}schema-violation/);
    const violation = (await dlq.entries()).find((e) => e.entry.errorCode === 'schema-violation');
    const selection = { fingerprint: violation?.entry.fingerprint };

    expect(await dlq.replay(selection, { run: 'r1', by: 'test', dryRun: true })).toEqual([
      `would replay ${violation?.entry.record.partition}:${violation?.entry.record.offset} -> ${ledger.inputTopic} (ledger.deposit)`,
      '1 to replay (dry run: nothing sent)',
    ]);

    // The fix ships: deposits at version 2, whose upcaster reads the amount written as text.
    await ledger.stopWorker(first);
    await ledger.startWorker({ amountsAsText: true });
    expect((await dlq.replay(selection, { run: 'r1', by: 'test' })).at(-1)).toBe(
      '1 replayed in run r1',
    );

    const fixed = await waitFor(
      async () => (await ledger.accounts()).find((a) => a.account === 'fixme'),
      (account) => account?.applied === 1,
      { what: 'the replayed deposit applied' },
    );
    expect(fixed).toMatchObject({ balance: 15, applied: 1 });

    // Run again, interrupted or not: the entry is no longer open, nothing is sent twice.
    expect((await dlq.replay(selection, { run: 'r1', by: 'test' })).at(-1)).toBe(
      '0 replayed in run r1',
    );
    expect((await dlq.replay({}, { run: 'r2', by: 'test', dryRun: true })).at(-1)).toBe(
      '1 to replay (dry run: nothing sent)',
    );

    const replayed = (await kcatReadAll(ledger.inputTopic)).filter(
      (r) => r.headers[DeadLetterHeaders.replayedFrom] !== undefined,
    );
    expect(replayed).toHaveLength(1);
    expect(replayed[0].headers).toMatchObject({
      [DeadLetterHeaders.replayRun]: 'r1',
      [CloudEventHeaders.type]: 'ledger.deposit',
    });
    expect(replayed[0].headers[DeadLetterHeaders.errorCode]).toBeUndefined();

    expect(await dlq.acknowledge({}, 'test', 'garbage from a load test')).toEqual([
      '1 acknowledged by test: garbage from a load test',
    ]);
    expect(await dlq.stats()).toEqual([`${dlqTopic}: no open dead letters`]);
    const statuses = (await dlq.list()).map((line) => line.split('  ').at(-1));
    expect(statuses.sort()).toEqual(['ack by test', 'replayed by test']);
  });

  it('answers through the command line as it does through the library', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-r',
        'tsconfig-paths/register',
        'tools/dlq.ts',
        'stats',
        '--topic',
        dlqTopic,
      ],
      { cwd: ROOT, env: { ...process.env, KAFKA_BROKERS: stackConfig().brokers.join(',') } },
    );
    expect(stdout).toBe(`${dlqTopic}: no open dead letters\n`);
  });
});
