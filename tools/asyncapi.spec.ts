import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { ASYNCAPI_FILE, landscapeAsyncApi } from './asyncapi';

describe('docs/asyncapi.yaml', () => {
  it('is what the catalogues say today (run npm run asyncapi after changing an event)', () => {
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(landscapeAsyncApi());
  });

  it('is valid AsyncAPI 3 for the AsyncAPI parser, with no error or warning', async () => {
    const { diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => d.message)).toEqual([]);
  });
});
