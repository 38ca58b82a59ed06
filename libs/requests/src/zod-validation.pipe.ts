import { BadRequestException, PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/** One field's problem, as a 400 response lists it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Parses a request part with a zod schema; answers 400 with field-level errors when it fails. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = result.error.issues.flatMap(fieldErrors);
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      errors,
    });
  }
}

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
