import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ProblemDto } from './problem.dto';

/** The body of a rejected command's answer when the client waited (see `outcomeResponse`). */
export const rejectionSchema = z.object({
  trackingId: z.string(),
  status: z.literal('rejected'),
  code: z.string().describe('A stable, machine-readable reason, e.g. email-taken'),
  reason: z.string().optional(),
});

/** The body of a rejected command's answer. */
export class RejectionDto extends createZodDto(rejectionSchema) {}

/**
 * Documents an operation's answers that are a worker's refusal (when the client waited), with the
 * rejection body: `{ 409: 'Email already taken' }`. With `orProblem`, the API may also refuse the
 * same way before sending the command (a 404 it checked first), with the problem body.
 */
export function ApiRejections(
  descriptions: Readonly<Record<number, string>>,
  { orProblem = false }: { orProblem?: boolean } = {},
): MethodDecorator {
  const schema = orProblem
    ? { oneOf: [{ $ref: getSchemaPath(RejectionDto) }, { $ref: getSchemaPath(ProblemDto) }] }
    : { $ref: getSchemaPath(RejectionDto) };
  return applyDecorators(
    ApiExtraModels(RejectionDto, ProblemDto),
    ...Object.entries(descriptions).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, schema }),
    ),
  );
}
