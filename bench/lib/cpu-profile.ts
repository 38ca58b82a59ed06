import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** One function's share of a CPU profile. */
export interface HotFunction {
  readonly name: string;
  readonly where: string;
  /** Self time, percent of all samples. */
  readonly selfPercent: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Sums the self time of each function over the `.cpuprofile` files of a directory; the hottest first. */
export async function hottestFunctions(dir: string, top = 15): Promise<HotFunction[]> {
  const totals = new Map<string, { name: string; where: string; hits: number }>();
  let all = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      all += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
      const key = `${functionName}@${where}`;
      const entry = totals.get(key) ?? { name: functionName || '(anonymous)', where, hits: 0 };
      entry.hits += hits;
      totals.set(key, entry);
    }
  }
  return [...totals.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfPercent: (100 * e.hits) / Math.max(1, all) }));
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  return modules >= 0
    ? path.slice(modules + 'node_modules/'.length)
    : relative(process.cwd(), path);
}

/** Sums self time per package (or `app` for our code, `node` for Node's internals); the largest first. */
export async function selfTimeByPackage(dir: string): Promise<{ name: string; percent: number }[]> {
  const totals = new Map<string, number>();
  let all = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      all += hits;
      const name = packageOf(node.callFrame.url, node.callFrame.functionName);
      totals.set(name, (totals.get(name) ?? 0) + hits);
    }
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([name, hits]) => ({ name, percent: (100 * hits) / Math.max(1, all) }));
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return url.startsWith('node:') ? 'node' : 'app';
}
