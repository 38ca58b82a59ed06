import { createDataSource, migrate } from '@app/persistence';

/**
 * Runs the worker-contract migrations on one service schema.
 * Usage: `npm run migrate -- <schema>`; the database is DATABASE_URL (default: the local stack's).
 */
async function main(): Promise<void> {
  const schema = process.argv[2];
  if (!schema) {
    throw new Error('Name the schema to migrate: npm run migrate -- <schema>');
  }
  const url = process.env.DATABASE_URL ?? 'postgresql://app:app@127.0.0.1:5433/app';
  const dataSource = await createDataSource({ url, schema, poolSize: 1 }).initialize();
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
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
