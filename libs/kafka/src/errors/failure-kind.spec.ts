import {
  MalformedEventError,
  MissingHeaderError,
  SchemaViolationError,
  UnknownEventTypeError,
} from '@app/events';
import { QueryFailedError } from 'typeorm';
import { BatchAbandonedError } from './batch-abandoned.error';
import { EventFailedError } from './event-failed.error';
import { EventRejectedError } from './event-rejected.error';
import { classifyFailure, failureCode, failureReason } from './failure-kind';
import { RecordRefusedError } from './record-refused.error';
import { TransientError } from './transient.error';

/** An error shaped as the pg driver raises it: a message and a SQLSTATE or Node error code. */
function pgError(code: string, message = 'database error'): Error {
  return Object.assign(new Error(message), { code });
}

describe('failure-kind', () => {
  describe(classifyFailure.name, () => {
    it.each<[string, unknown]>([
      ['an EventRejectedError', new EventRejectedError('Email already taken', 'email-taken')],
      ['a SchemaViolationError', new SchemaViolationError('customers.x', ['name: Required'])],
      ['a MissingHeaderError', new MissingHeaderError('ce_type')],
      ['an UnknownEventTypeError', new UnknownEventTypeError('customers.unknown')],
      [
        'a MalformedEventError caused by a transient-looking error',
        new MalformedEventError('bad', { cause: pgError('08006') }),
      ],
      [
        'a RecordRefusedError (the broker refused records for good)',
        new RecordRefusedError('MESSAGE_TOO_LARGE', 'too large'),
      ],
    ])('returns permanent when the failure is %s', (_, error) => {
      expect(classifyFailure(error)).toBe('permanent');
    });

    it.each<[string, unknown]>([
      ['serialization_failure 40001', pgError('40001')],
      ['deadlock_detected 40P01', pgError('40P01')],
      ['connection_failure 08006', pgError('08006')],
      ['any connection_exception of class 08', pgError('08P01')],
      [
        'admin_shutdown 57P01',
        pgError('57P01', 'terminating connection due to administrator command'),
      ],
      ['Node ECONNREFUSED', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433')],
      ['Node ECONNRESET', pgError('ECONNRESET')],
      [
        'a TypeORM QueryFailedError-like object with driverError.code 40P01',
        { message: 'deadlock', driverError: { code: '40P01' } },
      ],
      [
        'a real TypeORM QueryFailedError over a 40001',
        new QueryFailedError('UPDATE t', [], pgError('40001')),
      ],
      ['the pg driver dropping its socket', new Error('Connection terminated unexpectedly')],
      [
        'an error whose cause is a transient database error',
        new Error('write failed', { cause: pgError('57P01') }),
      ],
      ['an EventFailedError wrapping a deadlock', new EventFailedError(3n, pgError('40P01'))],
      [
        'a kafkajs-style error flagged retriable',
        Object.assign(new Error('Broker not available'), { retriable: true }),
      ],
      ['a plain object flagged retriable', { retriable: true }],
      ['our TransientError', new TransientError('Publishing failed')],
    ])('returns transient when the failure is %s', (_, error) => {
      expect(classifyFailure(error)).toBe('transient');
    });

    it.each<[string, unknown]>([
      ['a plain Error', new Error('undefined is not a function')],
      ['a TypeError', new TypeError('x is undefined')],
      [
        'a unique_violation 23505',
        pgError('23505', 'duplicate key value violates unique constraint'),
      ],
      [
        'a check_violation 23514 inside a QueryFailedError',
        new QueryFailedError('INSERT', [], pgError('23514')),
      ],
      [
        'a kafkajs-style error flagged not retriable',
        Object.assign(new Error('Topic authorization failed'), { retriable: false }),
      ],
      ['a BatchAbandonedError', new BatchAbandonedError('test-topic', 0)],
      ['a thrown string', 'boom'],
      ['undefined', undefined],
      ['null', null],
    ])('returns unknown when the failure is %s', (_, error) => {
      expect(classifyFailure(error)).toBe('unknown');
    });
  });

  describe(failureCode.name, () => {
    it('returns the rejection code when the failure is an EventRejectedError', () => {
      expect(failureCode(new EventRejectedError('Email already taken', 'email-taken'))).toBe(
        'email-taken',
      );
    });

    it('returns rejected when an EventRejectedError was given no code', () => {
      expect(failureCode(new EventRejectedError('No.'))).toBe('rejected');
    });

    it.each<[unknown, string]>([
      [new SchemaViolationError('a.b', ['x: y']), 'schema-violation'],
      [new MissingHeaderError('ce_id'), 'missing-header'],
      [new UnknownEventTypeError('a.b'), 'unknown-event-type'],
      [new MalformedEventError('bad'), 'malformed-event'],
    ])('returns the EventError code when the failure is %p', (error, code) => {
      expect(failureCode(error)).toBe(code);
    });

    it.each<[string, unknown]>([
      ['a plain Error', new Error('boom')],
      ['a transient error', new TransientError('down')],
      ['a database error', pgError('23505')],
      ['a thrown string', 'boom'],
    ])('returns handler-failed when the failure is %s', (_, error) => {
      expect(failureCode(error)).toBe('handler-failed');
    });
  });

  describe(failureReason.name, () => {
    it('tells a refusal and an invalid event in their own words', () => {
      expect(failureReason(new EventRejectedError('Email already taken', 'email-taken'))).toBe(
        'Email already taken',
      );
      expect(failureReason(new SchemaViolationError('a.b', ['name: Required']))).toContain(
        'name: Required',
      );
    });

    it.each<[string, unknown]>([
      ['a database error', pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
      ['a plain Error', new Error('Cannot read properties of undefined')],
      ['a thrown string', 'boom'],
    ])('never repeats the message of %s', (_, error) => {
      const reason = failureReason(error);
      expect(reason).toBe(
        'The request could not be processed and was set aside for an operator (dead-lettered).',
      );
    });
  });
});
