import {
  PodMonitor,
  PrometheusRule,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scrapeConfig } from '../../tools/monitoring/scrape-config';
import { ROOT, routes, services } from './app-facts';
import { named, objectsOf, selects } from './kubernetes';
import { loadOverlay } from './overlay';
import { jobOf, ScrapedPort, scrapedPorts } from './pod-monitor-targets';

const MONITORING = join(ROOT, 'k8s', 'monitoring');
const DASHBOARDS = join(MONITORING, 'dashboards');
/** Where Prometheus runs: the namespace the NetworkPolicies let scrape the apps. */
const PROMETHEUS_NAMESPACE = 'monitoring';

describe('k8s/components/monitoring in k8s/overlays/prod', () => {
  const rendered = loadOverlay('prod');
  const { objects } = rendered;
  const monitors = objectsOf(objects, PodMonitor);
  const namespace = rendered.deployments[0].metadata?.namespace ?? '';
  /** Each app's pod template with the ports the monitors scrape on it. */
  const scraped = rendered.apps.map(({ app, deployment, setting }) => {
    const template = deployment.spec?.template ?? {};
    return { app, template, setting, ports: scrapedPorts(monitors, namespace, template) };
  });

  it('selects every API and worker pod by exactly one PodMonitor, at /metrics on the port the app listens on', () => {
    expect(scraped.map(({ app }) => app.name).sort()).toEqual(
      services.flatMap((s) => [`${s.name}-api`, `${s.name}-worker`]).sort(),
    );
    for (const { app, ports, setting } of scraped) {
      expect({ app: app.name, monitors: ports.map((p) => p.monitor.metadata?.name) }).toEqual({
        app: app.name,
        monitors: [expect.any(String)],
      });
      const [{ endpoint, port }] = ports;
      expect({ app: app.name, port: port.containerPort, path: endpoint.path }).toEqual({
        app: app.name,
        port: Number(setting('HTTP_PORT')),
        path: routes.metrics,
      });
      expect(endpoint.interval).toMatch(/^\d+s$/);
    }
  });

  it('scrapes no other pod: a migration serves no metrics, and every PodMonitor finds its app', () => {
    for (const job of rendered.jobs)
      expect({
        job: job.metadata?.name,
        scraped: scrapedPorts(monitors, namespace, job.spec?.template ?? {}).length,
      }).toEqual({ job: job.metadata?.name, scraped: 0 });
    const used = new Set(scraped.flatMap(({ ports }) => ports.map((p) => p.monitor)));
    expect(monitors.filter((m) => !used.has(m)).map((m) => m.metadata?.name)).toEqual([]);
  });

  it("names each target's job <service>-<role>, as the demo's Prometheus and the rules' tests do", () => {
    const jobs = scraped.map(({ app, template, ports }) => {
      const demo = parse(
        scrapeConfig([{ service: app.service.name, role: app.role, port: app.defaultPort }]),
      ) as { scrape_configs: { job_name: string }[] };
      const job = jobOf(ports[0], template);
      expect({ app: app.name, job }).toEqual({
        app: app.name,
        job: demo.scrape_configs[0].job_name,
      });
      return job;
    });
    // The promtool tests give their series the jobs the rules will see in the cluster.
    const tests = readFileSync(join(MONITORING, 'alert-rules.test.yaml'), 'utf8');
    const tested = [...tests.matchAll(/\bjob="([^"]+)"/g)].map((match) => match[1]);
    expect(tested.length).toBeGreaterThan(0);
    expect(tested.filter((job) => !jobs.includes(job))).toEqual([]);
  });

  it(`lets Prometheus in namespace ${PROMETHEUS_NAMESPACE} reach every port the monitors scrape`, () => {
    const policies = objectsOf(objects, NetworkPolicy);
    const reachable = ({ port }: ScrapedPort, labels?: Record<string, string>): boolean =>
      policies
        .filter((p) => selects(p.spec?.podSelector.matchLabels, labels))
        .flatMap((p) => p.spec?.ingress ?? [])
        .some(
          (rule) =>
            (rule.from ?? []).some(
              (peer) =>
                peer.podSelector === undefined &&
                peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
                  PROMETHEUS_NAMESPACE,
            ) &&
            (rule.ports ?? []).some(
              (p) =>
                (p.protocol ?? 'TCP') === 'TCP' && [port.name, port.containerPort].includes(p.port),
            ),
        );
    for (const { app, template, ports } of scraped)
      expect({ app: app.name, reachable: reachable(ports[0], template.metadata?.labels) }).toEqual({
        app: app.name,
        reachable: true,
      });
  });

  it('holds the groups of k8s/monitoring/alert-rules.yaml as a PrometheusRule', () => {
    const file = parse(readFileSync(join(MONITORING, 'alert-rules.yaml'), 'utf8')) as {
      groups: unknown[];
    };
    const [rule, ...others] = objectsOf(objects, PrometheusRule);
    expect(others).toEqual([]);
    expect(rule.spec?.groups).toEqual(file.groups);
  });

  it("holds every dashboard of k8s/monitoring/dashboards as is, in a ConfigMap Grafana's sidecar imports", () => {
    const files = readdirSync(DASHBOARDS).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const labelled = rendered.configMaps.filter(
      (cm) => cm.metadata?.labels?.grafana_dashboard === '1',
    );
    for (const file of files) {
      const text = readFileSync(join(DASHBOARDS, file), 'utf8');
      const holding = labelled.filter((cm) => cm.data?.[file] !== undefined);
      expect({ file, configMaps: holding.length }).toEqual({ file, configMaps: 1 });
      expect(holding[0].data?.[file]).toBe(text);
      // The sidecar reads the ConfigMap as it stands: no generator's hash suffix to rename it.
      expect(named(rendered.configMaps, `dashboard-${file.replace(/\.json$/, '')}`)).toBe(
        holding[0],
      );
    }
    expect(labelled).toHaveLength(files.length);
  });
});

describe('k8s/overlays/dev', () => {
  // A development cluster may lack the Prometheus Operator's CRDs, and its alerts would page.
  it('lists no monitoring objects: its pods are scraped by their prometheus.io annotations', () => {
    const { objects, deployments } = loadOverlay('dev');
    expect([...objectsOf(objects, PodMonitor), ...objectsOf(objects, PrometheusRule)]).toEqual([]);
    for (const deployment of deployments)
      expect(deployment.spec?.template.metadata?.annotations?.['prometheus.io/scrape']).toBe(
        'true',
      );
  });
});
