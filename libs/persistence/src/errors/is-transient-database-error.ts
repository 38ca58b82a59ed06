import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * SQLSTATE codes and classes after which the same work may succeed when simply retried.
 * @see https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '25P03', // idle_in_transaction_session_timeout: a zombie's session ended
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);
const TRANSIENT_SQLSTATE_CLASSES = ['08']; // connection_exception
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
  'Connection is not established',
  'terminating connection',
];

/** Tells whether a database error is one that a retry may cure (connection loss, serialization failure, deadlock). */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    // TypeORM releases a transaction's runner when its pg client reports a dropped connection;
    // the transaction's next query then fails with one of these.
    if (
      current instanceof QueryRunnerAlreadyReleasedError ||
      current instanceof QueryRunnerProviderAlreadyReleasedError
    ) {
      return true;
    }
    const { code, message, driverError, cause } = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
      if (code.length === 5 && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
    }
    // The pg driver reports a dropped socket only in words; this is the one place we read them.
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => message.includes(m)))
      return true;
    current = driverError ?? cause;
  }
  return false;
}
