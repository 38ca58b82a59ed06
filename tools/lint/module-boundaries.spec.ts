import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Lints `code` as if it were the file at `filePath` with the project's own ESLint config (a child process: the config is ESM). */
async function lintMessages(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'eslint'),
    ['--stdin', '--stdin-filename', filePath, '--format', 'json'],
    { cwd: ROOT, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as { messages: { message: string }[] }[];
  return result.messages.map((message) => message.message);
}

describe('ESLint module boundaries', () => {
  it('rejects a deep import into a lib when an app or lib reaches past its index.ts', async () => {
    const messages = await lintMessages(
      'libs/kafka/src/probe.ts',
      "import { Topics } from '@app/events/topics.constants';\nexport const t = Topics;\n",
    );
    expect(messages.join('\n')).toContain('only through its alias');
  });

  it('rejects kafkajs when imported outside libs/kafka', async () => {
    const messages = await lintMessages(
      'libs/persistence/src/probe.ts',
      "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n",
    );
    expect(messages.join('\n')).toContain('Only libs/kafka imports kafkajs');
  });

  it('rejects Nest in libs/events, which knows neither Nest nor kafkajs', async () => {
    const messages = await lintMessages(
      'libs/events/src/probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n",
    );
    expect(messages.join('\n')).toContain('libs/events knows neither Nest');
  });

  it('rejects a lib importing a test', async () => {
    const messages = await lintMessages(
      'libs/kafka/src/probe.ts',
      "import { LedgerHarness } from '../../../test/worker/ledger-harness';\nexport const h = LedgerHarness;\n",
    );
    expect(messages.join('\n')).toContain('must not import an app, a test or a tool');
  });

  it('accepts a lib imported through its alias', async () => {
    const messages = await lintMessages(
      'libs/kafka/src/probe.ts',
      "import { Topics } from '@app/events';\nexport const t = Topics;\n",
    );
    expect(messages).toEqual([]);
  });
});
