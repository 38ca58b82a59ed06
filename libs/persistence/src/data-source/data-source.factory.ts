import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { CreateWorkerTables1732350000000 } from '../migrations/1732350000000-create-worker-tables.migration';
import { CreateProcessedEvents1764460000000 } from '../migrations/1764460000000-create-processed-events.migration';
import { CreateOutboxUnpublishable1796000000000 } from '../migrations/1796000000000-create-outbox-unpublishable.migration';
import { IndexOutboxByKey1797000000000 } from '../migrations/1797000000000-index-outbox-by-key.migration';
import { HashIndexOutboxByKey1798000000000 } from '../migrations/1798000000000-hash-index-outbox-by-key.migration';
import { DatabaseTls, pgSslOf } from './database-tls';

type MigrationClass = new () => MigrationInterface;

/** Connection settings of one service's database. */
export interface DatabaseOptions {
  /** A `postgresql://` connection URL. */
  readonly url: string;
  /** TLS to the server; absent, the URL's `sslmode` decides. */
  readonly tls?: DatabaseTls;
  /** The service's own schema; tables and migrations live there. */
  readonly schema: string;
  /** The service's own migrations, run after the worker tables. */
  readonly migrations?: readonly MigrationClass[];
  /** Entities for TypeORM repositories. */
  readonly entities?: DataSourceOptions['entities'];
  /** @default 10 */
  readonly poolSize?: number;
  /** @default 'persistence' */
  readonly applicationName?: string;
  /**
   * Ends a session whose transaction sits idle this long, so that a frozen worker (a zombie
   * stopped mid-batch) releases its partition's position lock to the worker that took over.
   * Must exceed any pause a handler makes inside a batch.
   * @default PersistenceDefaults.idleInTransactionTimeoutMs
   */
  readonly idleInTransactionTimeoutMs?: number;
  /**
   * Gives up waiting for a row lock after this long (SQLSTATE 55P03, retried with backoff and
   * heartbeats), so a worker blocked by a zombie keeps its group membership alive.
   * @default PersistenceDefaults.lockTimeoutMs
   */
  readonly lockTimeoutMs?: number;
}

/** Defaults of the persistence settings. */
export const PersistenceDefaults = {
  idleInTransactionTimeoutMs: 15_000,
  lockTimeoutMs: 5_000,
} as const;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Migrations that create the tables of the worker contract (positions, outbox, request outcomes, processed event ids, unpublishable outbox rows). */
export const workerMigrations: readonly MigrationClass[] = [
  CreateWorkerTables1732350000000,
  CreateProcessedEvents1764460000000,
  CreateOutboxUnpublishable1796000000000,
  IndexOutboxByKey1797000000000,
  HashIndexOutboxByKey1798000000000,
];

/**
 * Builds an uninitialised TypeORM DataSource whose connections use the service's schema.
 * Never synchronizes: the schema comes from migrations only.
 * @throws Error when the schema name is not a plain lowercase identifier.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  if (!SCHEMA_NAME.test(options.schema)) {
    throw new Error(
      `Database schema '${options.schema}' must be a lowercase identifier (letters, digits, _).`,
    );
  }
  return new DataSource({
    type: 'postgres',
    url: options.url,
    ssl: pgSslOf(options.tls),
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: [...workerMigrations, ...(options.migrations ?? [])],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'persistence',
    extra: {
      options: [
        `-c search_path=${options.schema}`,
        `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? PersistenceDefaults.idleInTransactionTimeoutMs}`,
        `-c lock_timeout=${options.lockTimeoutMs ?? PersistenceDefaults.lockTimeoutMs}`,
      ].join(' '),
    },
  });
}

/** Creates the data source's schema when missing, then runs every pending migration, each in its own transaction. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`Database schema '${schema}' is not a lowercase identifier.`);
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
}
