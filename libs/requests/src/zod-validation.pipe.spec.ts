import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { validationFailure, ZodValidationPipe } from './zod-validation.pipe';

const schema = z.strictObject({
  name: z.string().min(1),
  address: z.strictObject({ city: z.string() }),
});
const metadata = { type: 'body' as const };

/** Runs the pipe with a schema and returns the 400's body, or fails when it answers no 400. */
function refusal(value: unknown): unknown {
  try {
    new ZodValidationPipe(schema).transform(value, metadata);
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
    throw error;
  }
  throw new Error('the pipe accepted the value');
}

describe('ZodValidationPipe', () => {
  describe('transform', () => {
    it('returns the parsed value when it is valid', () => {
      const value = { name: 'Ada', address: { city: 'Ghent' } };
      expect(new ZodValidationPipe(schema).transform(value, metadata)).toEqual(value);
    });

    it('answers our 400 body, naming each unknown key as its own field, when the value is invalid', () => {
      expect(refusal({ name: '', address: { city: 'Ghent', floor: 3 }, isAdmin: true })).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: expect.arrayContaining([
          { field: 'name', message: expect.any(String) },
          { field: 'address.floor', message: 'is not a field of this request' },
          { field: 'isAdmin', message: 'is not a field of this request' },
        ]),
      });
    });

    it('names the body itself when the value is not an object at all', () => {
      expect(refusal('text')).toMatchObject({ errors: [{ field: '(body)' }] });
    });
  });
});

describe('validationFailure', () => {
  it('returns an error that is not a validation failure as it is, so it stays a 500', () => {
    const bug = new TypeError('a transform failed');
    expect(validationFailure(bug)).toBe(bug);
  });
});
