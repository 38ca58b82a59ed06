import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Returns the opaque cursor a list endpoint hands out: where its page ended, as base64url JSON. */
export function encodePageCursor(where: object): string {
  return Buffer.from(JSON.stringify(where)).toString('base64url');
}

/**
 * Reads a cursor a list endpoint handed out, by the schema of where its pages end.
 * @throws BadRequestException for anything else: a forged or damaged cursor never reaches the query.
 */
export function decodePageCursor<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    json = undefined;
  }
  const cursor = schema.safeParse(json);
  if (cursor.success) return cursor.data;
  throw new BadRequestException('cursor is not one this API returned; start again without it.');
}
