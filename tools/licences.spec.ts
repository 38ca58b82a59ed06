import { readFileSync } from 'node:fs';
import { isAllowed, LICENCES_FILE, licencesDocument, runtimePackages } from './licences';

describe('runtime dependency licences', () => {
  const packages = runtimePackages();

  it('are all on the allowed list', () => {
    expect(packages.filter((p) => !isAllowed(p.licence))).toEqual([]);
  });

  it('are listed in docs/licences.md as installed today (run npm run licences after npm install)', () => {
    expect(readFileSync(LICENCES_FILE, 'utf8')).toBe(licencesDocument(packages));
  });

  it('would refuse a copyleft, an unknown or an unparsable licence, and take a permissive choice', () => {
    expect(isAllowed('GPL-3.0-only')).toBe(false);
    expect(isAllowed('MIT AND GPL-3.0-only')).toBe(false);
    expect(isAllowed('UNKNOWN')).toBe(false);
    expect(isAllowed('see LICENSE file')).toBe(false);
    expect(isAllowed('(MIT OR GPL-3.0-only)')).toBe(true);
    expect(isAllowed('(MIT AND BSD-3-Clause)')).toBe(true);
  });

  it('cover the runtime dependencies, not the tools', () => {
    const names = packages.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['@nestjs/core', 'kafkajs', 'typeorm', 'pg']));
    expect(names).not.toContain('jest');
  });
});
