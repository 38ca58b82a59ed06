import { MetricsService } from '@app/observability';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);
const DIR = join(__dirname, '..', '..', 'k8s', 'monitoring');

interface RuleFile {
  groups: { rules: { alert: string; expr: string }[] }[];
}

describe('Prometheus alert rules (k8s/monitoring)', () => {
  const rules = (
    parse(readFileSync(join(DIR, 'alert-rules.yaml'), 'utf8')) as RuleFile
  ).groups.flatMap((group) => group.rules);

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

  it('cover dead letters, lag, the outbox and readiness', () => {
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'ConsumerLagGrowing',
      'DeadLettersArrived',
      'OutboxNotDraining',
      'WorkerNotReady',
    ]);
  });

  it('name only metrics a worker exposes', async () => {
    const metrics = new MetricsService();
    metrics.registerWorkerMetrics(
      async () => 0,
      () => true,
    );
    const exposed = new Set(
      [...(await metrics.metrics()).matchAll(/^# TYPE (\w+) /gm)].map((match) => match[1]),
    );
    const named = rules.flatMap((rule) =>
      [...rule.expr.matchAll(/\b([a-z_]+)(?=[{[\s)]|$)/g)]
        .map((match) => match[1])
        .filter((name) => name.includes('_') && !['by', 'and'].includes(name)),
    );
    expect(named.filter((name) => !exposed.has(name))).toEqual([]);
    expect(named.length).toBeGreaterThanOrEqual(4);
  });
});
