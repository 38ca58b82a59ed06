/** A JSON Schema as `z.toJSONSchema` writes it: the keywords this check reads. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly format?: string;
  readonly [keyword: string]: unknown;
}

/** One way in which a new schema refuses what consumers of the old one rely on. */
export interface Incompatibility {
  /** Where, as a dotted path into the payload (`(payload)` for the root). */
  readonly path: string;
  readonly kind:
    | 'field-removed'
    | 'field-required'
    | 'type-narrowed'
    | 'enum-value-removed'
    | 'constraint-tightened'
    | 'unknown-fields-refused';
  readonly detail: string;
}

/** Keywords whose larger value refuses more, and those whose smaller value does. */
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];

/**
 * Compares a published schema with its successor, as its consumers see it: events written with
 * the older schema must still be valid (no field made required, no type narrowed, no enum value
 * removed, no bound tightened) and events written with the newer one must still carry what
 * consumers read (no field removed). Adding an optional field, loosening a bound or adding an
 * enum value is compatible. Returns every incompatibility found, none when compatible.
 */
export function incompatibilities(
  older: JsonSchema,
  newer: JsonSchema,
  path = '(payload)',
): Incompatibility[] {
  const found: Incompatibility[] = [];
  const at = (kind: Incompatibility['kind'], detail: string) => found.push({ path, kind, detail });

  const olderTypes = typesOf(older);
  const newerTypes = typesOf(newer);
  const lostTypes = olderTypes.filter(
    (type) => !newerTypes.includes(type) && !(type === 'integer' && newerTypes.includes('number')),
  );
  if (newerTypes.length > 0 && lostTypes.length > 0) {
    at('type-narrowed', `no longer accepts ${lostTypes.join(', ')} (now ${newerTypes.join(', ')})`);
  } else if (olderTypes.length === 0 && newerTypes.length > 0 && !older.anyOf && !older.oneOf) {
    at('type-narrowed', `accepted any value, now only ${newerTypes.join(', ')}`);
  }
  if (older.enum && newer.enum) {
    const removed = older.enum.filter((value) => !newer.enum?.some((v) => same(v, value)));
    if (removed.length > 0) {
      at(
        'enum-value-removed',
        `no longer accepts ${removed.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
  } else if (!older.enum && newer.enum) {
    at('type-narrowed', `now accepts only ${newer.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (newer.const !== undefined && !same(older.const, newer.const)) {
    at('type-narrowed', `now accepts only ${JSON.stringify(newer.const)}`);
  }
  for (const keyword of LOWER_BOUNDS) {
    const [was, is] = [older[keyword], newer[keyword]];
    if (typeof is === 'number' && (typeof was !== 'number' || is > was)) {
      at('constraint-tightened', `${keyword} ${was ?? 'unset'} -> ${is}`);
    }
  }
  for (const keyword of UPPER_BOUNDS) {
    const [was, is] = [older[keyword], newer[keyword]];
    if (typeof is === 'number' && (typeof was !== 'number' || is < was)) {
      at('constraint-tightened', `${keyword} ${was ?? 'unset'} -> ${is}`);
    }
  }
  for (const keyword of ['pattern', 'format'] as const) {
    if (newer[keyword] !== undefined && newer[keyword] !== older[keyword]) {
      at(
        'constraint-tightened',
        `${keyword} ${JSON.stringify(older[keyword] ?? 'unset')} -> ${JSON.stringify(newer[keyword])}`,
      );
    }
  }
  if (newer.additionalProperties === false && older.additionalProperties !== false) {
    at('unknown-fields-refused', 'now refuses fields it does not declare');
  }

  const olderProperties = older.properties ?? {};
  const newerProperties = newer.properties ?? {};
  const olderRequired = new Set(older.required ?? []);
  for (const name of Object.keys(olderProperties)) {
    if (!(name in newerProperties)) {
      found.push({
        path: join(path, name),
        kind: 'field-removed',
        detail: 'consumers may read it',
      });
    }
  }
  for (const name of newer.required ?? []) {
    if (!olderRequired.has(name)) {
      found.push({
        path: join(path, name),
        kind: 'field-required',
        detail: name in olderProperties ? 'was optional' : 'is new and required',
      });
    }
  }
  for (const [name, schema] of Object.entries(newerProperties)) {
    const was = olderProperties[name];
    if (was) found.push(...incompatibilities(was, schema, join(path, name)));
  }
  if (older.items && newer.items)
    found.push(...incompatibilities(older.items, newer.items, `${path}[]`));
  found.push(...unionIncompatibilities(older, newer, path));
  return found;
}

/** Unions (zod's optional, nullable and unions) compare branch by branch, in order. */
function unionIncompatibilities(
  older: JsonSchema,
  newer: JsonSchema,
  path: string,
): Incompatibility[] {
  const was = older.anyOf ?? older.oneOf;
  const is = newer.anyOf ?? newer.oneOf;
  if (!was && !is) return [];
  if (!was || !is || is.length < was.length) {
    return [{ path, kind: 'type-narrowed', detail: 'its union lost branches or changed shape' }];
  }
  return was.flatMap((branch, i) => incompatibilities(branch, is[i], path));
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === 'string' ? [schema.type] : [...schema.type];
}

function join(path: string, name: string): string {
  return path === '(payload)' ? name : `${path}.${name}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
