import { createDataSource } from '@app/persistence';
import { stackConfig, uniqueSchema } from '@app/testing';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { DatabaseHealth } from './database.health';

const TIMEOUT_MS = 300;
/** Room for the event loop on a busy CI machine; the check must still end near its timeout. */
const SLACK_MS = 400;

/** A TCP relay to PostgreSQL that can turn into a black hole: a network partition without an RST. */
class PartitionableProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private partitioned = false;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.relay(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Drops every byte from now on, in both directions, leaving connections open. */
  partition(): void {
    this.partitioned = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const upstream = new Socket().connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.on('data', (chunk) => this.partitioned || upstream.write(chunk));
    upstream.on('data', (chunk) => this.partitioned || client.write(chunk));
  }
}

/** Runs `check()` and returns its result with the time it took. */
async function timed<T>(check: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await check();
  return { result, elapsedMs: performance.now() - started };
}

describe(DatabaseHealth, () => {
  const url = stackConfig().databaseUrl;

  describe('check', () => {
    let dataSource: DataSource;

    beforeEach(async () => {
      dataSource = await createDataSource({
        url,
        schema: uniqueSchema('health'),
        poolSize: 1,
      }).initialize();
    });

    afterEach(async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    });

    it('reports up when PostgreSQL answers', async () => {
      await expect(new DatabaseHealth(dataSource, TIMEOUT_MS).check()).resolves.toEqual({
        up: true,
      });
    });

    it('reports down at once when the DataSource was destroyed', async () => {
      await dataSource.destroy();
      const { result, elapsedMs } = await timed(() =>
        new DatabaseHealth(dataSource, TIMEOUT_MS).check(),
      );
      expect(result).toMatchObject({ up: false, details: { message: expect.any(String) } });
      expect(result.details?.message).not.toContain('did not answer');
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS);
    });

    it('reports down within the timeout when no pooled connection frees up', async () => {
      const busy = dataSource.query('SELECT pg_sleep(1)');
      const { result, elapsedMs } = await timed(() =>
        new DatabaseHealth(dataSource, TIMEOUT_MS).check(),
      );
      expect(result).toEqual({
        up: false,
        details: { message: expect.stringContaining(`${TIMEOUT_MS} ms`) },
      });
      expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      await busy;
    });
  });

  describe('check through a partitioned network', () => {
    let proxy: PartitionableProxy;
    let dataSource: DataSource;

    beforeEach(async () => {
      const target = new URL(url);
      proxy = new PartitionableProxy({ host: target.hostname, port: Number(target.port) });
      const proxied = new URL(url);
      proxied.host = `127.0.0.1:${await proxy.listen()}`;
      dataSource = await createDataSource({
        url: proxied.toString(),
        schema: uniqueSchema('health'),
        poolSize: 1,
      }).initialize();
    });

    afterEach(async () => {
      await proxy.close();
      await dataSource.destroy().catch(() => undefined);
    });

    it('reports up while the network carries the traffic', async () => {
      await expect(new DatabaseHealth(dataSource, TIMEOUT_MS).check()).resolves.toEqual({
        up: true,
      });
    });

    it('reports down within the timeout when PostgreSQL becomes unreachable', async () => {
      await new DatabaseHealth(dataSource, TIMEOUT_MS).check();
      proxy.partition();
      const { result, elapsedMs } = await timed(() =>
        new DatabaseHealth(dataSource, TIMEOUT_MS).check(),
      );
      expect(result).toEqual({
        up: false,
        details: { message: expect.stringContaining('did not answer') },
      });
      expect(elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    });
  });
});
