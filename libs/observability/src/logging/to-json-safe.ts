/** A value `JSON.stringify` renders faithfully. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 8;

/**
 * Converts a value into plain JSON: errors become `{ name, message, stack, ...own fields, cause }`,
 * bigints and symbols strings, cycles `'[Circular]'`, depth past 8 `'[Truncated]'`.
 */
export function toJsonSafe(value: unknown, ancestors: object[] = []): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
  }
  const object = value as object;
  if (ancestors.includes(object)) return '[Circular]';
  if (ancestors.length >= MAX_DEPTH) return '[Truncated]';
  const inner = [...ancestors, object];
  if (object instanceof Date)
    return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (Array.isArray(object)) return object.map((item: unknown) => toJsonSafe(item, inner));
  if (object instanceof Error) return errorToJson(object, inner);
  if (object instanceof Map) return toJsonSafe(Object.fromEntries(object), inner);
  if (object instanceof Set) return toJsonSafe([...object], inner);
  return entriesToJson(Object.entries(object), inner);
}

function errorToJson(error: Error, ancestors: object[]): JsonValue {
  const fields: [string, unknown][] = [
    ['name', error.name],
    ['message', error.message],
    ['stack', error.stack],
    ...Object.entries(error),
  ];
  if (error.cause !== undefined) fields.push(['cause', error.cause]);
  return entriesToJson(fields, ancestors);
}

function entriesToJson(entries: [string, unknown][], ancestors: object[]): JsonValue {
  const result: { [key: string]: JsonValue } = {};
  for (const [key, item] of entries) {
    if (item !== undefined) result[key] = toJsonSafe(item, ancestors);
  }
  return result;
}
