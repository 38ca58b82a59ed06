import { z } from 'zod';
import { incompatibilities, JsonSchema } from './schema-compatibility';

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;

const v1 = z.object({
  customerId: z.uuid(),
  name: z.string().min(1).max(200),
  tier: z.enum(['basic', 'gold']),
  note: z.string().optional(),
  tags: z.array(z.string()),
  address: z.object({ city: z.string(), zip: z.string().optional() }),
  score: z.number().int().min(0).nullable(),
});

describe(incompatibilities.name, () => {
  it.each<[string, z.ZodType]>([
    ['the same schema', v1],
    ['an optional field added', v1.extend({ nickname: z.string().optional() })],
    [
      'a nested optional field added',
      v1.extend({ address: v1.shape.address.extend({ floor: z.number().optional() }) }),
    ],
    ['a required field made optional', v1.extend({ name: z.string().min(1).max(200).optional() })],
    ['a bound loosened', v1.extend({ name: z.string().min(1).max(500) })],
    ['an enum value added', v1.extend({ tier: z.enum(['basic', 'gold', 'platinum']) })],
    ['an integer widened to a number', v1.extend({ score: z.number().min(0).nullable() })],
  ])('finds nothing when the change is compatible: %s', (_, newer) => {
    expect(incompatibilities(schemaOf(v1), schemaOf(newer))).toEqual([]);
  });

  it.each<[string, z.ZodType, { path: string; kind: string }]>([
    ['a field removed', v1.omit({ note: true }), { path: 'note', kind: 'field-removed' }],
    [
      'a nested field removed',
      v1.extend({ address: z.object({ city: z.string() }) }),
      { path: 'address.zip', kind: 'field-removed' },
    ],
    [
      'an optional field made required',
      v1.extend({ note: z.string() }),
      { path: 'note', kind: 'field-required' },
    ],
    [
      'a new required field',
      v1.extend({ region: z.string() }),
      { path: 'region', kind: 'field-required' },
    ],
    [
      'a type narrowed',
      v1.extend({ note: z.number().optional() }),
      { path: 'note', kind: 'type-narrowed' },
    ],
    [
      'an array item type changed',
      v1.extend({ tags: z.array(z.number()) }),
      { path: 'tags[]', kind: 'type-narrowed' },
    ],
    [
      'an enum value removed',
      v1.extend({ tier: z.enum(['gold']) }),
      { path: 'tier', kind: 'enum-value-removed' },
    ],
    [
      'a bound tightened',
      v1.extend({ name: z.string().min(3).max(200) }),
      { path: 'name', kind: 'constraint-tightened' },
    ],
    [
      'a format added',
      v1.extend({ note: z.email().optional() }),
      { path: 'note', kind: 'constraint-tightened' },
    ],
    [
      'null no longer accepted',
      v1.extend({ score: z.number().int().min(0) }),
      { path: 'score', kind: 'type-narrowed' },
    ],
    ['unknown fields refused', v1.strict(), { path: '(payload)', kind: 'unknown-fields-refused' }],
  ])('finds %s', (_, newer, expected) => {
    const found = incompatibilities(schemaOf(v1), schemaOf(newer));
    expect(found).toContainEqual(expect.objectContaining(expected));
  });
});
