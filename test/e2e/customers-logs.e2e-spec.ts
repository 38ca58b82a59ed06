import { AppProcess, waitFor } from '@app/testing';
import { CustomersSystem, http } from './customers-system';

const address = { street: '1 Main', city: 'Ghent', postalCode: '9000', country: 'BE' };
/** The start of an ANSI escape sequence (colour codes and the like). */
const ANSI_ESCAPE = '\u001b[';

/** Returns the lines of a process's output that an operator would have to look at. */
function errorLines(app: AppProcess): string[] {
  return app.output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const { level } = JSON.parse(line) as { level?: unknown };
        return level === 'error' || level === 'fatal';
      } catch {
        return true; // a line that is not JSON is not a log line an operator can trust either
      }
    });
}

describe('Logs of a normal life (real processes, real stack)', () => {
  const system = new CustomersSystem();

  beforeAll(() => system.setUp());
  afterAll(() => system.tearDown());

  it('hold no error line and no colour code through a start, a rebalance and a graceful stop', async () => {
    const first = await system.startWorker();
    const api = await system.startApi();
    const created = await http(
      'POST',
      `${api.url}/customers`,
      { name: 'Before', email: 'before@example.com', address },
      { Prefer: 'wait=10' },
    );
    expect(created.status).toBe(201);

    // A second member joins: the group rebalances and the first worker rejoins.
    const second = await system.startWorker();
    await waitFor(
      async () =>
        Promise.all(
          [first, second].map(async (worker) => (await fetch(`${worker.url}/health/ready`)).status),
        ),
      (statuses) => statuses.every((status) => status === 200),
      { what: 'both workers ready after the rebalance' },
    );
    const after = await http(
      'POST',
      `${api.url}/customers`,
      { name: 'After', email: 'after@example.com', address },
      { Prefer: 'wait=10' },
    );
    expect(after.status).toBe(201);

    for (const app of [second, first, api]) {
      app.signal('SIGTERM');
      const exit = await app.exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    }

    for (const app of [first, second, api]) {
      expect({ app: app.name, lines: errorLines(app) }).toEqual({ app: app.name, lines: [] });
      expect(app.output).not.toContain(ANSI_ESCAPE);
      expect(app.output).toContain('"level":"log"');
    }
  });
});
