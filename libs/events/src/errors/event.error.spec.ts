import { EventError } from './event.error';
import { InvalidEventDefinitionError } from './invalid-event-definition.error';
import { MalformedEventError } from './malformed-event.error';
import { MissingHeaderError } from './missing-header.error';
import { SchemaViolationError } from './schema-violation.error';
import { UnknownEventTypeError } from './unknown-event-type.error';
import { UnknownEventVersionError } from './unknown-event-version.error';
import { UnsupportedContentTypeError } from './unsupported-content-type.error';
import { UnsupportedSpecVersionError } from './unsupported-spec-version.error';

describe('EventError', () => {
  describe('subclasses', () => {
    it.each<[EventError, string, string, RegExp]>([
      [new MalformedEventError('bad bytes'), 'MalformedEventError', 'malformed-event', /bad bytes/],
      [
        new MissingHeaderError('ce_type'),
        'MissingHeaderError',
        'missing-header',
        /'ce_type' is missing/,
      ],
      [
        new UnsupportedSpecVersionError('0.3'),
        'UnsupportedSpecVersionError',
        'unsupported-spec-version',
        /'0.3'/,
      ],
      [
        new UnsupportedContentTypeError('text/xml'),
        'UnsupportedContentTypeError',
        'unsupported-content-type',
        /'text\/xml'/,
      ],
      [
        new UnknownEventTypeError('orders.x'),
        'UnknownEventTypeError',
        'unknown-event-type',
        /'orders.x'/,
      ],
      [
        new UnknownEventVersionError('orders.x', '7', 2),
        'UnknownEventVersionError',
        'unknown-event-version',
        /'7'.*1 to 2/,
      ],
      [
        new SchemaViolationError('orders.x', ['id: Required']),
        'SchemaViolationError',
        'schema-violation',
        /id: Required/,
      ],
    ])('are permanent, named and coded when %p is thrown', (error, name, code, message) => {
      expect(error).toBeInstanceOf(EventError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error.retriable).toBe(false);
      expect(error.message).toMatch(message);
    });

    it('keep the details callers branch on when constructed', () => {
      expect(new MissingHeaderError('ce_id').header).toBe('ce_id');
      expect(new UnknownEventTypeError('a.b').eventType).toBe('a.b');
      expect(new SchemaViolationError('a.b', ['x: y']).issues).toEqual(['x: y']);
      expect(new UnknownEventVersionError('a.b', '9', 3)).toMatchObject({
        eventType: 'a.b',
        dataVersion: '9',
        currentVersion: 3,
      });
    });

    it('keep the cause when one is given', () => {
      const cause = new SyntaxError('Unexpected token');

      expect(new MalformedEventError('not JSON', { cause }).cause).toBe(cause);
    });
  });
});

describe('InvalidEventDefinitionError', () => {
  describe('constructor', () => {
    it('is a programming error, not an event error, when thrown', () => {
      const error = new InvalidEventDefinitionError('duplicate');

      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(EventError);
      expect(error.name).toBe('InvalidEventDefinitionError');
    });
  });
});
