import { createDataSource, migrate } from '@app/persistence';
import { DataSource, MigrationInterface } from 'typeorm';
import { stackConfig, uniqueSchema } from './stack-config';

/** A migrated schema of its own for one test, dropped by `drop()`. */
export interface TestDatabase {
  readonly schema: string;
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

/** Creates and migrates a fresh schema on the local PostgreSQL. */
export async function createTestDatabase(
  migrations: (new () => MigrationInterface)[] = [],
  url: string = stackConfig().databaseUrl,
): Promise<TestDatabase> {
  const schema = uniqueSchema();
  const dataSource = await createDataSource({ url, schema, migrations, poolSize: 4 }).initialize();
  await migrate(dataSource);
  return {
    schema,
    url,
    dataSource,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await dataSource.destroy();
    },
  };
}
