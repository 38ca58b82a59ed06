import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  nextPorts,
  topicEntries,
  withLandscapeEntry,
  withNestProject,
  withObjectEntries,
  withPathAlias,
} from './landscape-edits';
import { serviceNames } from './service-names';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const giftCards = serviceNames('gift-cards');

describe('landscape edits', () => {
  describe('withObjectEntries', () => {
    const topics = read('libs/events/src/topics.constants.ts');
    const add = (entries: Record<string, string>) =>
      withObjectEntries(topics, 'export const Topics = {', '} as const;', entries, 'topics');

    it('adds the entries at the end of the object when given new keys', () => {
      const edited = add(topicEntries(giftCards).topics);
      // After the file's last entry, whichever service that is.
      expect(edited).toContain(
        "',\n  giftCardCommands: 'gift-cards.commands',\n  giftCardEvents: 'gift-cards.events',\n} as const;",
      );
      expect(edited.replace(/\n {2}giftCard\w+: '[^']*',/g, '')).toBe(topics);
    });

    it('leaves the object as it is when given keys it already has with the same values', () => {
      expect(add(topicEntries(serviceNames('orders')).topics)).toBe(topics);
    });

    it('throws naming the key when given a key it has with another value', () => {
      expect(() => add({ orderEvents: 'orders.facts' })).toThrow(
        "topics already names orderEvents 'orders.events', not 'orders.facts'",
      );
    });
  });

  describe('withPathAlias, withNestProject, withLandscapeEntry', () => {
    it('add the alias, the library project and the landscape entry when given a new service', () => {
      const tsconfig = JSON.parse(withPathAlias(read('tsconfig.json'), giftCards));
      expect(tsconfig.compilerOptions.paths['@app/gift-cards']).toEqual(['libs/gift-cards/src']);
      const nest = JSON.parse(withNestProject(read('nest-cli.json'), giftCards));
      expect(nest.projects['gift-cards'].sourceRoot).toBe('libs/gift-cards/src');
      const landscape = withLandscapeEntry(read('tools/landscape.ts'), giftCards);
      expect(landscape).toContain("import { giftCardsService } from '@app/gift-cards';\n");
      expect(landscape).toContain("  'gift-cards': giftCardsService,\n} as const;");
    });
  });

  describe('nextPorts', () => {
    it('takes the hundred after the highest port in use when given service definitions', () => {
      expect(
        nextPorts(['ports: { api: 3100, worker: 3101 }', 'ports: { api: 3400, worker: 3401 }']),
      ).toEqual({ apiPort: 3500, workerPort: 3501 });
    });
  });
});
