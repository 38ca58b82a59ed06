import { createDataSource, migrate } from '@app/persistence';
import { stackConfig, uniqueSchema } from '@app/testing';
import {
  Column,
  DataSource,
  Entity,
  MigrationInterface,
  PrimaryColumn,
  QueryFailedError,
  QueryRunner,
  VersionColumn,
} from 'typeorm';

/** @see https://www.postgresql.org/docs/current/errcodes-appendix.html */
const CHECK_VIOLATION = '23514';

@Entity({ name: 'wallets' })
class Wallet {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  owner!: string;

  @Column({ type: 'integer' })
  balance!: number;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

class CreateWallets1732400000000 implements MigrationInterface {
  name = 'CreateWallets1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE wallets (
        id      text    PRIMARY KEY,
        owner   text    NOT NULL,
        balance integer NOT NULL CHECK (balance >= 0),
        version integer NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE wallets');
  }
}

describe('TypeORM round trip on PostgreSQL (own schema, migrations only)', () => {
  const schema = uniqueSchema();
  const dataSource: DataSource = createDataSource({
    url: stackConfig().databaseUrl,
    schema,
    entities: [Wallet],
    migrations: [CreateWallets1732400000000],
    poolSize: 4,
    applicationName: 'postgres-roundtrip-spec',
  });
  let applied: string[] = [];

  beforeAll(async () => {
    await dataSource.initialize();
    applied = await migrate(dataSource);
  });
  afterAll(async () => {
    if (!dataSource.isInitialized) return;
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource.destroy();
  });

  async function saveWallet(id: string, balance: number): Promise<Wallet> {
    return dataSource
      .getRepository(Wallet)
      .save(Object.assign(new Wallet(), { id, owner: `owner of ${id}`, balance }));
  }

  it('creates the table by migration in its own schema, once', async () => {
    expect(applied).toContain(CreateWallets1732400000000.name);
    expect(await migrate(dataSource)).toEqual([]);
    const tables: { table_schema: string }[] = await dataSource.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'wallets' AND table_schema IN ($1, 'public')`,
      [schema],
    );
    expect(tables).toEqual([{ table_schema: schema }]);
  });

  it('saves an entity and finds it again', async () => {
    await saveWallet('w-find', 100);
    const found = await dataSource.getRepository(Wallet).findOneByOrFail({ id: 'w-find' });
    expect(found).toEqual(
      Object.assign(new Wallet(), {
        id: 'w-find',
        owner: 'owner of w-find',
        balance: 100,
        version: 1,
      }),
    );
  });

  it('keeps an update made inside a committed transaction', async () => {
    await saveWallet('w-commit', 100);
    await dataSource.transaction(async (manager) => {
      const wallet = await manager.findOneByOrFail(Wallet, { id: 'w-commit' });
      wallet.balance += 50;
      await manager.save(wallet);
    });
    const found = await dataSource.getRepository(Wallet).findOneByOrFail({ id: 'w-commit' });
    expect(found).toMatchObject({ balance: 150, version: 2 });
  });

  it('leaves nothing changed when a transaction is rolled back', async () => {
    await saveWallet('w-rollback', 100);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.manager.update(Wallet, { id: 'w-rollback' }, { balance: 0 });
      await runner.manager.insert(Wallet, {
        id: 'w-phantom',
        owner: 'nobody',
        balance: 1,
        version: 1,
      });
      // Inside the transaction the changes are visible...
      expect(await runner.manager.findOneByOrFail(Wallet, { id: 'w-rollback' })).toMatchObject({
        balance: 0,
      });
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    // ...and after the rollback they are gone.
    const repository = dataSource.getRepository(Wallet);
    expect(await repository.findOneByOrFail({ id: 'w-rollback' })).toMatchObject({
      balance: 100,
      version: 1,
    });
    expect(await repository.findOneBy({ id: 'w-phantom' })).toBeNull();
  });

  it('rolls back every write of a transaction that fails part way', async () => {
    await saveWallet('w-from', 30);
    await saveWallet('w-to', 0);
    const transfer = dataSource.transaction(async (manager) => {
      await manager.increment(Wallet, { id: 'w-to' }, 'balance', 50);
      await manager.decrement(Wallet, { id: 'w-from' }, 'balance', 50); // violates CHECK (balance >= 0)
    });
    await expect(transfer).rejects.toBeInstanceOf(QueryFailedError);
    await expect(transfer).rejects.toMatchObject({ driverError: { code: CHECK_VIOLATION } });
    const balances = await dataSource
      .getRepository(Wallet)
      .find({ where: [{ id: 'w-from' }, { id: 'w-to' }], order: { id: 'ASC' } });
    expect(balances.map(({ id, balance }) => ({ id, balance }))).toEqual([
      { id: 'w-from', balance: 30 },
      { id: 'w-to', balance: 0 },
    ]);
  });
});
