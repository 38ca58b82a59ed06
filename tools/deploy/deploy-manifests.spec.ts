import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentFiles, landscapeWiring, ROOT, staleServiceFolders } from './deploy-manifests';

describe('deploymentFiles', () => {
  const services = landscapeWiring();

  it.each([...deploymentFiles(services)])(
    'writes %s as committed (run npm run deploy:manifests after changing tools/landscape.ts)',
    (file, text) => {
      expect(readFileSync(join(ROOT, file), 'utf8')).toBe(text);
    },
  );

  it('leaves no Kubernetes base of a service the landscape no longer has', () => {
    expect(staleServiceFolders(services)).toEqual([]);
  });
});
