import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { EventCatalogue } from '../event-catalogue';
import { defineEvent } from '../event-definition';
import { checkSnapshot, explain, recordSnapshots } from './schema-snapshots';

const at = (schema: z.ZodObject, version = 1) =>
  defineEvent({
    type: 'test.thing-happened',
    version,
    schema,
    topic: 'test.events',
    key: () => 'k',
    upcasters: version > 1 ? Object.fromEntries([[version - 1, (old: unknown) => old]]) : undefined,
  });

describe('Schema snapshots', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'schemas-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const v1 = z.object({ id: z.string(), note: z.string().optional() });

  it('asks for a snapshot of a new type, records it, then finds it as recorded', () => {
    const definition = at(v1);
    expect(checkSnapshot(definition, dir)).toEqual({ status: 'missing' });
    expect(explain(definition, checkSnapshot(definition, dir))).toContain(
      'npm run schemas:snapshot',
    );

    expect(recordSnapshots([new EventCatalogue([definition])], dir)).toEqual([
      'recorded test.thing-happened v1',
    ]);
    expect(checkSnapshot(definition, dir)).toEqual({ status: 'recorded' });
  });

  it('records a compatible change once asked to', () => {
    recordSnapshots([new EventCatalogue([at(v1)])], dir);
    const widened = at(v1.extend({ extra: z.number().optional() }));

    expect(checkSnapshot(widened, dir)).toEqual({ status: 'changed-compatibly' });
    recordSnapshots([new EventCatalogue([widened])], dir);
    expect(checkSnapshot(widened, dir)).toEqual({ status: 'recorded' });
  });

  it('refuses to record a breaking change, and says what broke and how to fix it', () => {
    recordSnapshots([new EventCatalogue([at(v1)])], dir);
    const broken = at(z.object({ id: z.number() }));

    const check = checkSnapshot(broken, dir);
    expect(check.status).toBe('broken');
    const message = explain(broken, check);
    expect(message).toContain('id: type-narrowed');
    expect(message).toContain('note: field-removed');
    expect(message).toContain('declare version 2 with an upcaster from 1');
    expect(recordSnapshots([new EventCatalogue([broken])], dir)[0]).toMatch(/^refused: /);
    expect(checkSnapshot(broken, dir).status).toBe('broken');
  });

  it('takes a new version as a new snapshot beside the old one', () => {
    recordSnapshots([new EventCatalogue([at(v1)])], dir);
    const v2 = at(z.object({ id: z.number() }), 2);

    expect(recordSnapshots([new EventCatalogue([v2])], dir)).toEqual([
      'recorded test.thing-happened v2',
    ]);
    expect(checkSnapshot(at(v1), dir)).toEqual({ status: 'recorded' });
  });
});
