import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createDataSource, DatabaseOptions } from '../data-source/data-source.factory';
import { DatabaseConnectionError } from '../errors/database-connection.error';
import { explainDatabaseConnectionFailure } from '../errors/explain-connection-failure';

/**
 * Provides the service's TypeORM DataSource (and its repositories) on its own schema; never
 * synchronizes. A first connection that fails is retried (the server may still be starting),
 * unless the server refused it for a reason a retry cannot cure: then the start fails at once,
 * with a `DatabaseConnectionError` that says which.
 */
@Module({})
export class PersistenceModule {
  /** Connects to the service's database with the given options. */
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            toRetry: (error: unknown) => !(error instanceof DatabaseConnectionError),
          }),
          dataSourceFactory: async () =>
            createDataSource(options)
              .initialize()
              .catch((error: unknown) => {
                throw explainDatabaseConnectionFailure(error);
              }),
        }),
      ],
    };
  }
}
