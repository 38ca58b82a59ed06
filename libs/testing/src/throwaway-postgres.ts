import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process';
import { makeTestCertificates, TestCertificates } from './test-certificates';

const run = promisify(execFile);
const DEBIAN_SERVERS = '/usr/lib/postgresql';

/** How a throwaway cluster stops: `fast` ends sessions cleanly, `immediate` is like a crash. */
export type PostgresStopMode = 'fast' | 'immediate';

/** What a throwaway cluster offers beside plaintext. */
export interface ThrowawayPostgresOptions {
  /** Serves TLS with a certificate of a private CA, and adds a role that may log in over TLS only. */
  readonly tls?: boolean;
}

/** The role of a TLS throwaway cluster that the server refuses without TLS (superuser). */
export const THROWAWAY_POSTGRES_TLS_ROLE = {
  username: 'app_tls',
  password: 'app-tls-secret',
} as const;

/**
 * Runs a PostgreSQL cluster of one test's own on a free port of 127.0.0.1, which the test may
 * stop and start at will (a database outage). Role `app` (password `app`, superuser) owns
 * database `app`; auth is `trust`. The first `start()` runs initdb into a fresh temporary
 * directory, `destroy()` removes it. As root, the server runs as the `postgres` OS user.
 * With `tls`, role `THROWAWAY_POSTGRES_TLS_ROLE` logs in by password over TLS only (`tlsUrl`,
 * `pg_hba` `hostssl`), against a certificate of a private CA (`certificates`).
 */
export class ThrowawayPostgres {
  private dir?: string;
  private bin?: string;
  private port?: number;
  private up = false;
  private tls?: TestCertificates;

  constructor(private readonly options: ThrowawayPostgresOptions = {}) {}

  /**
   * Returns the URL of the role that must use TLS (the client still chooses its `sslmode`).
   * @throws Error when the cluster was not started with `tls`.
   */
  get tlsUrl(): string {
    if (!this.tls || this.port === undefined)
      throw new Error('ThrowawayPostgres: start() it with { tls: true } first.');
    const { username, password } = THROWAWAY_POSTGRES_TLS_ROLE;
    return `postgresql://${username}:${password}@127.0.0.1:${this.port}/app`;
  }

  /**
   * Returns the files of the CA that signed the server's certificate.
   * @throws Error when the cluster was not started with `tls`.
   */
  get certificates(): TestCertificates {
    if (!this.tls) throw new Error('ThrowawayPostgres: start() it with { tls: true } first.');
    return this.tls;
  }

  /**
   * Returns the connection URL; it stays the same across restarts.
   * @throws Error when the cluster was never started.
   */
  get url(): string {
    if (this.port === undefined) throw new Error('ThrowawayPostgres: start() it first.');
    return `postgresql://app:app@127.0.0.1:${this.port}/app`;
  }

  /**
   * Starts the server (the first call creates the cluster and database); resolves once it is up.
   * @throws Error with the tail of the server log when the start fails.
   */
  async start(): Promise<void> {
    if (this.up) return;
    const created = this.dir === undefined;
    if (created) await this.create();
    await this.ctl('-w', '-t', '60', '-l', this.path('postgres.log'), 'start');
    this.up = true;
    if (!created) return;
    const bin = await this.binDir();
    const server = ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'app'];
    await run(join(bin, 'createdb'), [...server, 'app']);
    if (!this.tls) return;
    const { username, password } = THROWAWAY_POSTGRES_TLS_ROLE;
    const role = `CREATE ROLE ${username} LOGIN SUPERUSER PASSWORD '${password}'`;
    await run(join(bin, 'psql'), [...server, '-d', 'app', '-v', 'ON_ERROR_STOP=1', '-c', role]);
  }

  /** Stops the server; `fast` (the default) terminates sessions, so clients see a dropped connection. */
  async stop(mode: PostgresStopMode = 'fast'): Promise<void> {
    if (!this.up) return;
    await this.ctl('-w', '-t', '60', '-m', mode, 'stop');
    this.up = false;
  }

  /** Stops the server, stays down for `downMs`, and starts it again on the same port. */
  async restart(downMs = 0, mode: PostgresStopMode = 'fast'): Promise<void> {
    await this.stop(mode);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  /** Stops the server however it can (immediate shutdown, else SIGKILL) and deletes its directory. */
  async destroy(): Promise<void> {
    const dir = this.dir;
    if (dir === undefined) return;
    await this.stop('immediate').catch(() => undefined);
    const pidFile = await readFile(join(dir, 'data', 'postmaster.pid'), 'utf8').catch(() => '');
    const pid = Number(pidFile.split('\n')[0]);
    // Only our own postmaster: a stale pid file may name a pid that another process now has.
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (pid > 0 && cmdline.includes(dir)) process.kill(pid, 'SIGKILL');
    this.up = false;
    this.dir = undefined;
    await rm(dir, { recursive: true, force: true });
  }

  private async create(): Promise<void> {
    const bin = await this.binDir();
    // Made by the server's OS user, so that initdb may write into it.
    const made = await this.asServer('mktemp', ['-d', join(tmpdir(), 'throwaway-pg-XXXXXXXX')]);
    const dir = (this.dir = made.stdout.trim());
    this.port = await freePort();
    await writeFile(join(dir, 'pwfile'), 'app\n', { mode: 0o644 });
    const flags = ['-U', 'app', `--pwfile=${join(dir, 'pwfile')}`, '-E', 'UTF8', '--locale=C'];
    await this.asServer(join(bin, 'initdb'), ['-D', join(dir, 'data'), ...flags, '-A', 'trust']);
    // Durability is not under test; an immediate stop still recovers from the WAL.
    const settings = `
listen_addresses = '127.0.0.1'
port = ${this.port}
unix_socket_directories = '${dir}'
fsync = off
`;
    await appendFile(join(dir, 'data', 'postgresql.conf'), settings);
    if (this.options.tls) await this.serveTls(dir);
  }

  /** Turns TLS on and makes the TLS role's logins without it fail (the first matching line wins). */
  private async serveTls(dir: string): Promise<void> {
    const tls = (this.tls = await makeTestCertificates(join(dir, 'tls')));
    // The server reads its key only when its own user owns it, mode 0600.
    if (process.getuid?.() === 0) await run('chown', ['-R', 'postgres:postgres', join(dir, 'tls')]);
    await appendFile(
      join(dir, 'data', 'postgresql.conf'),
      `ssl = on\nssl_cert_file = '${tls.certFile}'\nssl_key_file = '${tls.keyFile}'\n`,
    );
    const hba = join(dir, 'data', 'pg_hba.conf');
    const role = THROWAWAY_POSTGRES_TLS_ROLE.username;
    const rules = `hostnossl all ${role} all reject\nhostssl all ${role} all scram-sha-256\n`;
    await writeFile(hba, rules + (await readFile(hba, 'utf8')));
  }

  private async ctl(...args: string[]): Promise<void> {
    const pgCtl = join(await this.binDir(), 'pg_ctl');
    try {
      await this.asServer(pgCtl, ['-D', this.path('data'), ...args]);
    } catch (error) {
      const log = await readFile(this.path('postgres.log'), 'utf8').catch(() => '');
      const tail = log.split('\n').slice(-20).join('\n');
      throw new Error(`pg_ctl ${args.at(-1)} failed: ${String(error)}\n${tail}`);
    }
  }

  /** Runs a command as the `postgres` OS user when we are root (postgres refuses to run as root). */
  private asServer(command: string, args: string[]): Promise<{ stdout: string }> {
    // cwd '/': that user may not be allowed into the caller's working directory.
    return process.getuid?.() === 0
      ? run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: '/' })
      : run(command, args, { cwd: '/' });
  }

  private path(name: string): string {
    return join(this.dir ?? '.', name);
  }

  /** Finds the newest installed server binaries (Debian's layout), else asks `pg_config`. */
  private async binDir(): Promise<string> {
    if (this.bin) return this.bin;
    const versions = await readdir(DEBIAN_SERVERS).catch((): string[] => []);
    for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
      const bin = join(DEBIAN_SERVERS, version, 'bin');
      if (existsSync(join(bin, 'pg_ctl'))) return (this.bin = bin);
    }
    const { stdout } = await run('pg_config', ['--bindir']).catch(() => ({ stdout: '' }));
    if (!stdout.trim())
      throw new Error('PostgreSQL server binaries not found (Debian: postgresql).');
    return (this.bin = stdout.trim());
  }
}
