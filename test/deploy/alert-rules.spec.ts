import { MetricsService } from '@app/observability';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const DIR = join(__dirname, '..', '..', 'k8s', 'monitoring');

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
}

describe('Prometheus alert rules (k8s/monitoring)', () => {
  const groups = (parse(readFileSync(join(DIR, 'alert-rules.yaml'), 'utf8')) as RuleFile).groups;
  const rules = groups.flatMap((group) => group.rules);

  it('pass promtool check rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', 'alert-rules.yaml'], { cwd: DIR });
    expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('pass their unit tests (promtool test rules): each fires when it should and not otherwise', async () => {
    const { stdout } = await run('promtool', ['test', 'rules', 'alert-rules.test.yaml'], {
      cwd: DIR,
    });
    expect(stdout).toContain('SUCCESS');
  });

  it('cover dead letters, lag, the outbox, readiness, orders and payments that wait too long, and stuck flows', () => {
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'ConsumerLagGrowing',
      'DeadLettersArrived',
      'FlowsStuck',
      'OrderWaitingTooLong',
      'OutboxNotDraining',
      'PaymentStuck',
      'WorkerNotReady',
    ]);
  });

  // The flows' rules read the orders, payments and flows workers' own gauges: test/e2e/demo-flow.e2e-spec.ts checks
  // every rule against a real Prometheus scraping the landscape.
  it("name only metrics every worker exposes, in the workers' group", async () => {
    const workerRules = groups.find((group) => group.name === 'kafka-materialized-workers')?.rules;
    const metrics = new MetricsService();
    metrics.registerWorkerMetrics(
      async () => 0,
      () => true,
    );
    const exposed = new Set(
      [...(await metrics.metrics()).matchAll(/^# TYPE (\w+) /gm)].map((match) => match[1]),
    );
    const named = (workerRules ?? []).flatMap((rule) =>
      [...rule.expr.matchAll(/\b([a-z_]+)(?=[{[\s)]|$)/g)]
        .map((match) => match[1])
        .filter((name) => name.includes('_') && !['by', 'and'].includes(name)),
    );
    expect(named.filter((name) => !exposed.has(name))).toEqual([]);
    expect(named.length).toBeGreaterThanOrEqual(4);
  });
});
