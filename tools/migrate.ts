import { loadConfig, postgresUrl, schemaName } from '@app/config';
import { createDataSource, migrate } from '@app/persistence';
import { databaseTlsEnv, databaseTlsOf, requireConsistentDatabaseTls } from '@app/service';
import { z } from 'zod';
import { landscape as services } from './landscape';

/** The variables the migration job reads (its Kubernetes Job and compose service set them). */
export const migrationEnv = z
  .object({
    DATABASE_URL: postgresUrl.default('postgresql://app:app@127.0.0.1:5433/app'),
    DATABASE_SCHEMA: schemaName.optional(),
    ...databaseTlsEnv,
  })
  .superRefine(requireConsistentDatabaseTls);

/**
 * Runs a service's migrations on its schema: `npm run migrate -- <service> [schema]`.
 * The database is DATABASE_URL (default: the local stack's), over TLS as DATABASE_SSL_MODE and
 * DATABASE_SSL_CA_FILE say; DATABASE_SCHEMA overrides the schema.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !(name in services)) {
    throw new Error(
      `Name a service to migrate: npm run migrate -- <${Object.keys(services).join('|')}>`,
    );
  }
  const service = services[name as keyof typeof services];
  const env = loadConfig(migrationEnv);
  const schema = process.argv[3] ?? env.DATABASE_SCHEMA ?? service.schema;
  const dataSource = await createDataSource({
    url: env.DATABASE_URL,
    tls: databaseTlsOf(env),
    schema,
    migrations: service.migrations,
    poolSize: 1,
  }).initialize();
  try {
    const applied = await migrate(dataSource);
    process.stdout.write(
      applied.length === 0
        ? `Schema ${schema} is up to date.\n`
        : `Applied to ${schema}: ${applied.join(', ')}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
