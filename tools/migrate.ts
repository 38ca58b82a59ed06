import { createDataSource, migrate } from '@app/persistence';
import { landscape as services } from './landscape';

/**
 * Runs a service's migrations on its schema: `npm run migrate -- <service> [schema]`.
 * The database is DATABASE_URL (default: the local stack's); DATABASE_SCHEMA overrides the schema.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !(name in services)) {
    throw new Error(
      `Name a service to migrate: npm run migrate -- <${Object.keys(services).join('|')}>`,
    );
  }
  const service = services[name as keyof typeof services];
  const schema = process.argv[3] ?? process.env.DATABASE_SCHEMA ?? service.schema;
  const url = process.env.DATABASE_URL ?? 'postgresql://app:app@127.0.0.1:5433/app';
  const dataSource = await createDataSource({
    url,
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

main().catch((error: unknown) => {
  process.stderr.write(
    `Migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
