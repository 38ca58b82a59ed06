import { DATABASE_INDICATOR } from './health.constants';
import { ReadinessIndicator, ReadinessStatus } from './readiness-indicator';
import { withTimeout } from './with-timeout';

/** The one thing the database indicator needs of a TypeORM DataSource. */
export interface DatabaseConnection {
  query(sql: string): Promise<unknown>;
}

/** Pings the database with `SELECT 1` within a short time limit; never throws. */
export class DatabaseHealth implements ReadinessIndicator {
  /** The indicator's key in the readiness body. */
  readonly name = DATABASE_INDICATOR;

  constructor(
    private readonly database: DatabaseConnection,
    private readonly timeoutMs: number,
  ) {}

  /** Reports up when `SELECT 1` answers in time, down (with the reason) otherwise. */
  async check(): Promise<ReadinessStatus> {
    try {
      await withTimeout(this.ping(), this.timeoutMs, this.name);
      return { up: true };
    } catch (error: unknown) {
      return {
        up: false,
        details: { message: error instanceof Error ? error.message : String(error) },
      };
    }
  }

  /** Runs the query in a promise, so that a synchronous throw counts as down too. */
  private async ping(): Promise<unknown> {
    return this.database.query('SELECT 1');
  }
}
