import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { isTransientDatabaseError } from './is-transient-database-error';

function coded(code: string, message = 'database error'): Error {
  return Object.assign(new Error(message), { code });
}

describe(isTransientDatabaseError.name, () => {
  describe('SQLSTATE codes', () => {
    it.each([
      ['40001', 'serialization_failure'],
      ['40P01', 'deadlock_detected'],
      ['55P03', 'lock_not_available'],
      ['57P01', 'admin_shutdown'],
      ['57P02', 'crash_shutdown'],
      ['57P03', 'cannot_connect_now'],
      ['53300', 'too_many_connections'],
      ['53400', 'configuration_limit_exceeded'],
      ['08000', 'connection_exception'],
      ['08003', 'connection_does_not_exist'],
      ['08006', 'connection_failure'],
      ['08P01', 'protocol_violation'],
    ])('returns true when the code is %s (%s)', (code) => {
      expect(isTransientDatabaseError(coded(code))).toBe(true);
    });

    it.each([
      ['23505', 'unique_violation'],
      ['23514', 'check_violation'],
      ['23503', 'foreign_key_violation'],
      ['42P01', 'undefined_table'],
      ['42601', 'syntax_error'],
      ['22P02', 'invalid_text_representation'],
      ['40002', 'transaction_integrity_constraint_violation'],
      ['080', 'a code too short to be a SQLSTATE'],
    ])('returns false when the code is %s (%s)', (code) => {
      expect(isTransientDatabaseError(coded(code))).toBe(false);
    });
  });

  describe('Node socket codes', () => {
    it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'])(
      'returns true when the code is %s',
      (code) => {
        expect(isTransientDatabaseError(coded(code))).toBe(true);
      },
    );

    it('returns false when the code is another Node code', () => {
      expect(isTransientDatabaseError(coded('ENOENT'))).toBe(false);
    });
  });

  describe('pg driver messages', () => {
    it.each([
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
      'timeout exceeded when trying to connect',
      'Connection is not established with postgres database',
      'terminating connection due to administrator command',
    ])('returns true when the message is %p', (message) => {
      expect(isTransientDatabaseError(new Error(message))).toBe(true);
    });

    it('returns false when the message says something else', () => {
      expect(isTransientDatabaseError(new Error('relation "customers" does not exist'))).toBe(
        false,
      );
    });
  });

  describe('wrapped errors', () => {
    it('returns true when a TypeORM QueryFailedError-like object holds a transient driverError.code', () => {
      expect(
        isTransientDatabaseError({ message: 'Query failed', driverError: { code: '40P01' } }),
      ).toBe(true);
    });

    it('returns true when a real QueryFailedError wraps a serialization failure', () => {
      expect(
        isTransientDatabaseError(new QueryFailedError('UPDATE t SET x = 1', [], coded('40001'))),
      ).toBe(true);
    });

    it('returns false when a real QueryFailedError wraps a unique violation', () => {
      expect(isTransientDatabaseError(new QueryFailedError('INSERT', [], coded('23505')))).toBe(
        false,
      );
    });

    it('returns true when the transient error is a few causes deep', () => {
      const deep = new Error('outer', {
        cause: new Error('middle', { cause: coded('ECONNREFUSED') }),
      });

      expect(isTransientDatabaseError(deep)).toBe(true);
    });

    it('stops looking after five levels when the causes go deeper', () => {
      let error: unknown = coded('40001');
      for (let level = 0; level < 5; level++) error = new Error(`level ${level}`, { cause: error });

      expect(isTransientDatabaseError(error)).toBe(false);
    });

    it('terminates when the causes form a cycle', () => {
      const a: { message: string; cause?: unknown } = { message: 'a' };
      const b = { message: 'b', cause: a };
      a.cause = b;

      expect(isTransientDatabaseError(a)).toBe(false);
    });
  });

  describe('values that are not errors', () => {
    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a string naming a transient code', 'ECONNREFUSED'],
      ['a number', 40001],
      ['an object with a numeric code', { code: 40001 }],
      ['a plain Error', new Error('boom')],
    ])('returns false when given %s', (_, value) => {
      expect(isTransientDatabaseError(value)).toBe(false);
    });
  });

  it('returns true when TypeORM released the query runner after its connection dropped', () => {
    expect(isTransientDatabaseError(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isTransientDatabaseError(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });
});
