import { ConsumerGroups } from '@app/events';
import { apiEnvSchema, workerEnvSchema } from '@app/service';
import { HealthDefaults } from '@app/health';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apps, migration, routes, services } from './app-facts';
import { identify, named, namespaceOf, objectsOf, selects, validateStrictly } from './kubernetes';
import { environmentAtStart, mountedFiles } from './mounted-secrets';
import { loadOverlay } from './overlay';

/** Time allowed, beyond an app's own shutdown settings, to close its pools and HTTP server. */
const CLOSE_MS = 5_000;
/** Time allowed for the batch in hand when a rebalance starts, on top of the heartbeat interval. */
const BATCH_IN_HAND_MS = 5_000;

describe.each(['dev', 'prod'])('k8s/overlays/%s', (overlay) => {
  const rendered = loadOverlay(overlay);
  const { objects, configMaps, deployments, jobs, workloads, containers, environmentOf } = rendered;
  /** Where the files the apps read from their Secret volumes stand in. */
  const standIns = mkdtempSync(join(tmpdir(), `k8s-${overlay}-`));
  afterAll(() => rmSync(standIns, { recursive: true, force: true }));

  it('holds only objects that pass the Kubernetes OpenAPI schemas, with no unknown field', () => {
    const failures = objects.flatMap((object) => {
      try {
        validateStrictly(object);
        return [];
      } catch (error: unknown) {
        return [`${identify(object)}: ${String(error)}`];
      }
    });
    expect(failures).toEqual([]);
    // One namespace for every service, set by the overlay.
    const namespace = overlay === 'prod' ? 'landscape' : `landscape-${overlay}`;
    expect(new Set(objects.map(namespaceOf))).toEqual(new Set([namespace]));
  });

  it('keeps secret values out: no Secret, no credentials in ConfigMaps or env, DATABASE_URL by reference', () => {
    expect(objectsOf(objects, Secret)).toEqual([]);
    const credentials = /:\/\/[^/\s@]+:[^/\s@]+@/;
    const literals = [
      ...configMaps.flatMap((cm) => Object.entries(cm.data ?? {})),
      ...containers.flatMap(({ container }) =>
        (container.env ?? []).flatMap((v) =>
          v.value === undefined ? [] : [[v.name, v.value] as const],
        ),
      ),
    ];
    expect(
      literals.filter(([key, value]) => key === 'DATABASE_URL' || credentials.test(value)),
    ).toEqual([]);
    for (const { container } of containers)
      expect(environmentOf(container).get('DATABASE_URL')).toMatch(/^secret:/);
  });

  it('runs every container non-root, read-only, without capabilities or privilege escalation', () => {
    for (const { workload, container: c } of containers) {
      const pod = workload.template.spec?.securityContext ?? {};
      const own = c.securityContext ?? {};
      expect({ container: c.name, runAsNonRoot: own.runAsNonRoot ?? pod.runAsNonRoot }).toEqual({
        container: c.name,
        runAsNonRoot: true,
      });
      expect(own.runAsUser ?? pod.runAsUser).toBeGreaterThan(0);
      expect(own).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(own.privileged).not.toBe(true);
      expect(own.capabilities?.drop).toContain('ALL');
      expect(own.capabilities?.add ?? []).toEqual([]);
      expect(c.resources).toMatchObject({
        requests: { cpu: expect.anything(), memory: expect.anything() },
        limits: { cpu: expect.anything(), memory: expect.anything() },
      });
      expect(c.image).toMatch(/^[\w.-]+(:\d+)?\/[\w./-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/);
      expect(workload.template.spec?.automountServiceAccountToken).toBe(false);
    }
  });

  it('gives each app only variables of its config schema, every required one included', () => {
    for (const { app, env } of rendered.apps) {
      expect({
        app: app.name,
        unknown: [...env.keys()].filter((key) => !app.config.has(key)),
      }).toEqual({ app: app.name, unknown: [] });
      const required = [...app.config.values()].filter((v) => !v.hasDefault);
      for (const variable of required)
        expect({ app: app.name, [variable.name]: env.has(variable.name) }).toEqual({
          app: app.name,
          [variable.name]: true,
        });
    }
    expect(deployments.map(name).sort()).toEqual(Object.keys(apps).sort());
  });

  it('gives each app an environment its config schema accepts at start (APIs: a token issuer, or auth off)', () => {
    for (const { app, env, deployment, container } of rendered.apps) {
      const schema = app.role === 'api' ? apiEnvSchema(app.service) : workerEnvSchema(app.service);
      const files = mountedFiles(deployment.spec?.template ?? {}, container);
      const parsed = schema.safeParse(environmentAtStart(env, files, join(standIns, app.name)));
      expect({
        app: app.name,
        issues: parsed.success ? [] : parsed.error.issues.map((issue) => issue.message),
      }).toEqual({ app: app.name, issues: [] });
    }
    if (overlay === 'dev')
      for (const { app, env } of rendered.apps.filter((a) => a.app.role === 'api'))
        expect({ app: app.name, auth: env.get('AUTH_MODE') }).toEqual({
          app: app.name,
          auth: 'off',
        });
  });

  it('probes /health/live and /health/ready on the port each app listens on, and scrapes /metrics there', () => {
    for (const { container, app, setting, deployment } of rendered.apps) {
      const port = Number(setting('HTTP_PORT'));
      const http = container.ports?.find((p) => p.name === 'http');
      expect({ app: app.name, port: http?.containerPort }).toEqual({ app: app.name, port });
      const probes = {
        startup: container.startupProbe,
        live: container.livenessProbe,
        ready: container.readinessProbe,
      };
      const expected = { startup: routes.live, live: routes.live, ready: routes.ready };
      for (const [kind, probe] of Object.entries(probes)) {
        const get = probe?.httpGet;
        expect({ app: app.name, kind, path: get?.path }).toEqual({
          app: app.name,
          kind,
          path: expected[kind as keyof typeof expected],
        });
        expect([http?.name, http?.containerPort]).toContain(get?.port);
        expect((probe?.timeoutSeconds ?? 1) * 1000).toBeGreaterThan(HealthDefaults.checkTimeoutMs);
      }
      expect(deployment.spec?.template.metadata?.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': routes.metrics,
      });
    }
  });

  it('gives each pod a grace period longer than its preStop, drain, longest request and shutdown budget', () => {
    for (const { deployment, container, app, setting } of rendered.apps) {
      const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
      const preStopMs = preStop[0] === '/bin/sleep' ? Number(preStop[1]) * 1000 : 0;
      const budget = [
        preStopMs,
        app.config.has('SHUTDOWN_DRAIN_MS') ? Number(setting('SHUTDOWN_DRAIN_MS')) : 0,
        app.config.has('PREFER_WAIT_MAX_SECONDS')
          ? Number(setting('PREFER_WAIT_MAX_SECONDS')) * 1000
          : 0,
        app.config.has('SHUTDOWN_BUDGET_MS') ? Number(setting('SHUTDOWN_BUDGET_MS')) : 0,
        CLOSE_MS,
      ].reduce((sum, ms) => sum + ms, 0);
      const grace = deployment.spec?.template.spec?.terminationGracePeriodSeconds ?? 30;
      expect({ app: app.name, budget, longer: grace * 1000 > budget }).toEqual({
        app: app.name,
        budget,
        longer: true,
      });
    }
    // APIs stay in their endpoints for a moment after termination begins.
    for (const service of services)
      expect(
        rendered.app(`${service.name}-api`).container.lifecycle?.preStop?.exec?.command,
      ).toEqual(['/bin/sleep', expect.stringMatching(/^[1-9]\d*$/)]);
  });

  it('rolls one pod at a time, never below the running count, a worker rebalance apart', () => {
    for (const deployment of deployments) {
      expect(deployment.spec?.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      });
      expect(
        selects(deployment.spec?.selector.matchLabels, deployment.spec?.template.metadata?.labels),
      ).toBe(true);
    }
    for (const service of services) {
      const worker = rendered.app(`${service.name}-worker`);
      const rebalanceMs = Number(worker.setting('KAFKA_HEARTBEAT_INTERVAL_MS')) + BATCH_IN_HAND_MS;
      expect((worker.deployment.spec?.minReadySeconds ?? 0) * 1000).toBeGreaterThanOrEqual(
        rebalanceMs,
      );
    }
  });

  it('has one PodDisruptionBudget per Deployment, selecting its pods and no others', () => {
    const pdbs = objectsOf(objects, PodDisruptionBudget);
    for (const deployment of deployments) {
      const labels = deployment.spec?.template.metadata?.labels;
      const matching = pdbs.filter((pdb) => selects(pdb.spec?.selector?.matchLabels, labels));
      expect({ deployment: name(deployment), pdbs: matching.length }).toEqual({
        deployment: name(deployment),
        pdbs: 1,
      });
      expect(matching[0].spec?.maxUnavailable).toBeGreaterThanOrEqual(1);
    }
    expect(pdbs).toHaveLength(deployments.length);
  });

  it('routes each Service to exactly one Deployment, on a named container port', () => {
    const routed = objectsOf(objects, Service);
    expect(routed.map(name).sort()).toEqual(services.map((s) => `${s.name}-api`).sort());
    for (const service of routed) {
      const targets = deployments.filter((d) =>
        selects(service.spec?.selector, d.spec?.template.metadata?.labels),
      );
      expect({ service: name(service), targets: targets.map(name) }).toEqual({
        service: name(service),
        targets: [name(service)],
      });
      const ports = (targets[0].spec?.template.spec?.containers ?? []).flatMap(
        (c) => c.ports ?? [],
      );
      for (const port of service.spec?.ports ?? [])
        expect(ports.map((p) => p.name)).toContain(port.targetPort);
    }
  });

  it.each(services.map((s) => s.name))(
    'scales the %s worker on lag, within the partition count, on the lag of every topic its group reads',
    (serviceName) => {
      const worker = rendered.app(`${serviceName}-worker`);
      const partitions = Number(worker.setting('KAFKA_PARTITIONS'));
      expect(rendered.app(`${serviceName}-api`).setting('KAFKA_PARTITIONS')).toBe(
        String(partitions),
      );
      expect(worker.deployment.spec?.replicas ?? 1).toBeLessThanOrEqual(partitions);
      const scaler = named(objectsOf(objects, ScaledObject), `${serviceName}-worker`).spec;
      expect(scaler.scaleTargetRef.name).toBe(name(worker.deployment));
      expect(scaler.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(scaler.maxReplicaCount).toBeGreaterThanOrEqual(scaler.minReplicaCount ?? 1);
      expect(scaler.maxReplicaCount).toBeLessThanOrEqual(partitions);
      const prefix = worker.env.get('KAFKA_TOPIC_PREFIX') ?? '';
      expect(scaler.triggers).toEqual([
        expect.objectContaining({
          type: 'kafka',
          metadata: expect.objectContaining({
            bootstrapServers: worker.env.get('KAFKA_BROKERS'),
            consumerGroup: `${prefix}${serviceName}-worker`,
            allowIdleConsumers: 'false',
          }),
        }),
      ]);
      // No topic: KEDA sums the lag of every topic the group reads, not of its commands alone.
      expect(scaler.triggers[0].metadata).not.toHaveProperty('topic');
      // The group the worker joins is one of the landscape's named groups.
      expect(Object.values(ConsumerGroups)).toContain(`${serviceName}-worker`);
    },
  );

  it('leaves replica counts to the autoscalers', () => {
    for (const service of services) {
      const api = `${service.name}-api`;
      const hpa = named(objectsOf(objects, HorizontalPodAutoscaler), api).spec;
      expect(hpa?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: api });
      expect(hpa?.minReplicas).toBeGreaterThanOrEqual(1);
      expect(hpa?.maxReplicas).toBeGreaterThanOrEqual(hpa?.minReplicas ?? 1);
    }
    for (const deployment of deployments) expect(deployment.spec?.replicas).toBeUndefined();
  });

  it.each(services.map((s) => s.name))(
    'migrates %s with the compiled tool, on the schema its apps use, its own',
    (serviceName) => {
      const job = named(jobs, `${serviceName}-migrate`);
      const [{ container }] = containers.filter(({ workload }) => workload.name === name(job));
      expect(container.args).toEqual(['node', migration.entry, serviceName]);
      expect(migration.services).toContain(serviceName);
      expect(job.spec?.template.spec?.restartPolicy).toBe('Never');
      expect(job.metadata?.annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
      const own = rendered.apps.filter((a) => a.app.service.name === serviceName);
      expect(own.map((a) => a.app.role).sort()).toEqual(['api', 'worker']);
      const schemas = own.map((a) => a.setting('DATABASE_SCHEMA'));
      expect(environmentOf(container).get('DATABASE_SCHEMA')).toBe(schemas[0]);
      expect(new Set(schemas).size).toBe(1);
      const others = rendered.apps.filter((a) => a.app.service.name !== serviceName);
      expect(others.map((a) => a.setting('DATABASE_SCHEMA'))).not.toContain(schemas[0]);
    },
  );

  it('denies all traffic by default, lets pods reach only DNS, Kafka and PostgreSQL, and workers only be scraped', () => {
    const policies = objectsOf(objects, NetworkPolicy);
    const kafkaPorts = (rendered.app(`${services[0].name}-worker`).env.get('KAFKA_BROKERS') ?? '')
      .split(',')
      .map((b) => `TCP/${b.split(':')[1]}`);
    for (const { name: workload, template } of workloads) {
      const applying = policies.filter((p) =>
        selects(p.spec?.podSelector.matchLabels, template.metadata?.labels),
      );
      const denyAll = applying.filter((p) => !p.spec?.ingress && !p.spec?.egress);
      expect({
        workload,
        denyAll: denyAll.flatMap((p) => p.spec?.policyTypes ?? []).sort(),
      }).toEqual({ workload, denyAll: ['Egress', 'Ingress'] });
      const egress = applying
        .flatMap((p) => p.spec?.egress ?? [])
        .flatMap((rule) => rule.ports ?? []);
      // APIs also fetch the token issuer's key set over HTTPS.
      const api = rendered.apps.some((a) => a.app.role === 'api' && a.app.name === workload);
      expect(new Set(egress.map((p) => `${p.protocol}/${p.port}`))).toEqual(
        new Set(['UDP/53', 'TCP/53', ...kafkaPorts, 'TCP/5432', ...(api ? ['TCP/443'] : [])]),
      );
      const ingress = applying.flatMap((p) => p.spec?.ingress ?? []);
      for (const rule of ingress)
        expect({ workload, ports: rule.ports }).toEqual({
          workload,
          ports: [{ protocol: 'TCP', port: 'http' }],
        });
      if (rendered.apps.some((a) => a.app.role === 'worker' && a.app.name === workload)) {
        const sources = ingress
          .flatMap((rule) => rule.from ?? [])
          .map((peer) => peer.namespaceSelector?.matchLabels);
        expect(sources).toEqual([{ 'kubernetes.io/metadata.name': 'monitoring' }]);
      }
    }
  });
});

function name(object: { metadata?: { name?: string } }): string {
  return object.metadata?.name ?? '(unnamed)';
}
