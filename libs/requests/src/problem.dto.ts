import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The body of every 4xx answer: Nest's exception body, with field errors on a failed validation. */
export const problemSchema = z.object({
  statusCode: z.number().int().min(400).max(499),
  error: z.string().meta({ example: 'Bad Request' }),
  message: z.union([z.string(), z.array(z.string())]),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('One entry per invalid or unknown field (400 on validation only)'),
});

/** A 4xx answer's body in the OpenAPI document. */
export class ProblemDto extends createZodDto(problemSchema) {}

/** Documents an operation's 4xx answers, each with the problem body: `{ 404: 'No such customer' }`. */
export function ApiProblems(descriptions: Readonly<Record<number, string>>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, type: ProblemDto }),
    ),
  );
}
