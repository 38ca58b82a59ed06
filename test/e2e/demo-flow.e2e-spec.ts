import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CustomersSystem } from './customers-system';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

describe('The README demo flow (tools/demo/demo-flow.ts)', () => {
  const system = new CustomersSystem();

  beforeAll(() => system.setUp());
  afterAll(() => system.tearDown());

  it('completes every step against two API replicas and a worker', async () => {
    await system.startWorker();
    const [apiA, apiB] = await Promise.all([system.startApi(), system.startApi()]);
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(ROOT, 'tools', 'demo', 'demo-flow.ts'),
        apiA.url,
        apiB.url,
      ],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
    );
    expect(stdout).toContain('== 8.');
    expect(stdout).toContain('Demo flow completed: every step answered as expected.');
  });
});
