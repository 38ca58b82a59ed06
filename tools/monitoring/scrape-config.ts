/**
 * Writes the configuration of a local Prometheus that scrapes every app of a landscape and loads
 * the alert rules. Usage (the demo does this):
 *   node -r @swc-node/register tools/monitoring/scrape-config.ts <file> <service> <role> <port> ...
 * with the arguments in groups of three, as `tools/demo/landscape-plan.ts` prints them.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';

/** One app to scrape: its service, its role and the port of its `/metrics`. */
export interface ScrapeTarget {
  readonly service: string;
  readonly role: 'api' | 'worker';
  readonly port: number;
}

/** The rule files of the repository, loaded by every local Prometheus. */
export const RULE_FILES = [resolve(__dirname, '..', '..', 'k8s', 'monitoring', 'alert-rules.yaml')];

/**
 * Returns a Prometheus configuration: a job per service and role (`orders-worker`, ...) as the
 * Kubernetes monitors name them, one target per replica, scraped every `intervalSeconds`.
 */
export function scrapeConfig(targets: readonly ScrapeTarget[], intervalSeconds = 5): string {
  const jobs = new Map<string, string[]>();
  for (const { service, role, port } of targets) {
    const job = `${service}-${role}`;
    jobs.set(job, [...(jobs.get(job) ?? []), `127.0.0.1:${port}`]);
  }
  return stringify({
    global: {
      scrape_interval: `${intervalSeconds}s`,
      evaluation_interval: `${intervalSeconds}s`,
    },
    rule_files: RULE_FILES,
    scrape_configs: [...jobs].map(([job, addresses]) => ({
      job_name: job,
      metrics_path: '/metrics',
      static_configs: [{ targets: addresses }],
    })),
  });
}

/** Reads `<service> <role> <port>` triples (the plan's replica column left out by the caller). */
function targetsOf(args: readonly string[]): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  for (let i = 0; i < args.length; i += 3) {
    const [service, role, port] = args.slice(i, i + 3);
    if (role !== 'api' && role !== 'worker') throw new Error(`unknown role ${role} of ${service}`);
    targets.push({ service, role, port: Number(port) });
  }
  return targets;
}

if (require.main === module) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file || rest.length === 0 || rest.length % 3 !== 0)
    throw new Error('usage: scrape-config.ts <file> (<service> <role> <port>)...');
  writeFileSync(resolve(file), scrapeConfig(targetsOf(rest), 2));
}
