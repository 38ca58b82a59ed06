import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createDataSource, DatabaseOptions } from '../data-source/data-source.factory';

/** Provides the service's TypeORM DataSource (and its repositories) on its own schema; never synchronizes. */
@Module({})
export class PersistenceModule {
  /** Connects to the service's database with the given options. */
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () => createDataSource(options).initialize(),
        }),
      ],
    };
  }
}
