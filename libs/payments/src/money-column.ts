import { ValueTransformer } from 'typeorm';

/**
 * Reads a `bigint` column of minor units as a number: the pg driver returns bigints as text, and
 * amounts stay far below 2^53 (`MAX_AMOUNT` per event).
 */
export const moneyColumn: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
