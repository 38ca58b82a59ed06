import { BadRequestException } from '@nestjs/common';
import { createZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';

/** One field's problem, as a 400 response lists it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * Turns a failed parse into our 400: `{ statusCode, error, message: 'Validation failed', errors }`
 * with one `{ field, message }` per problem. Anything but a ZodError (a bug in a transform, say)
 * is returned as it is, so it stays a 500.
 */
export function validationFailure(error: unknown): Error {
  if (!(error instanceof z.ZodError))
    return error instanceof Error ? error : new Error(String(error));
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'Validation failed',
    errors: error.issues.flatMap(fieldErrors),
  });
}

/**
 * Validates a request part with zod (nestjs-zod's pipe): a parameter typed with a `createZodDto`
 * class, or the schema given (`new ZodValidationPipe(z.uuid())`); answers 400 as
 * {@link validationFailure} shapes it.
 */
export const ZodValidationPipe = createZodValidationPipe({
  createValidationException: validationFailure,
});

/** One issue as field errors: an unknown key names itself, so the client sees which field to drop. */
function fieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: [...issue.path, key].join('.'),
      message: 'is not a field of this request',
    }));
  }
  return [{ field: issue.path.join('.') || '(body)', message: issue.message }];
}
