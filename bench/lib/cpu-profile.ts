import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** One function's share of a CPU profile. */
export interface HotFunction {
  readonly name: string;
  readonly where: string;
  /** Self time, percent of all samples. */
  readonly selfPercent: number;
}

/** Where a process spent its CPU: by package (our code is `app`), and the hottest functions. */
export interface CpuSummary {
  readonly packages: { name: string; percent: number }[];
  readonly functions: HotFunction[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Sums self time over the `.cpuprofile` files of a directory, read once; the largest first. */
export async function summarizeCpuProfiles(dir: string, top = 15): Promise<CpuSummary> {
  const functions = new Map<string, { name: string; where: string; hits: number }>();
  const packages = new Map<string, number>();
  let all = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      all += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
      const key = `${functionName}@${where}`;
      const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, hits: 0 };
      entry.hits += hits;
      functions.set(key, entry);
      const pkg = packageOf(url, functionName);
      packages.set(pkg, (packages.get(pkg) ?? 0) + hits);
    }
  }
  const percent = (hits: number) => (100 * hits) / Math.max(1, all);
  return {
    packages: [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, percent: percent(hits) })),
    functions: [...functions.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfPercent: percent(e.hits) })),
  };
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  return modules >= 0
    ? path.slice(modules + 'node_modules/'.length)
    : relative(process.cwd(), path);
}

/** Names the package a frame belongs to: `app` for our code, `node` for Node's internals. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return url.startsWith('node:') ? 'node' : 'app';
}
