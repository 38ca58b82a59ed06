import { databaseTlsEnv, kafkaSecurityEnv } from '@app/service';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationEnv } from '../../tools/migrate';
import { ROOT, services } from './app-facts';
import { named, objectsOf } from './kubernetes';
import { environmentAtStart, mountedFiles } from './mounted-secrets';
import { loadOverlay } from './overlay';

/** The Secrets the operator creates for the prod overlay (docs/operations.md), by what they hold. */
const secrets = {
  kafkaAuth: (app: string) => `${app}-kafka-auth`,
  kafkaCa: 'kafka-cluster-ca',
  postgresCa: 'postgres-ca',
};

/** The group the image's user runs as (docker/Dockerfile `USER uid:gid`). */
const imageGroup = Number(
  /^USER \d+:(\d+)$/m.exec(readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8'))?.[1],
);

/** Every variable of the Kafka and PostgreSQL connections' security. */
const securityVariables = [...Object.keys(kafkaSecurityEnv), ...Object.keys(databaseTlsEnv)];

describe('k8s/overlays/prod: connections to Kafka and PostgreSQL', () => {
  const rendered = loadOverlay('prod');
  const migrations = rendered.containers.filter(({ container }) => container.name === 'migrate');
  const standIns = mkdtempSync(join(tmpdir(), 'k8s-prod-connections-'));
  afterAll(() => rmSync(standIns, { recursive: true, force: true }));

  it('gives every API and worker SASL_SSL (SCRAM-SHA-512, a user of its own) and verify-full, and topics of 3 replicas, 2 in sync', () => {
    for (const { app, env } of rendered.apps) {
      expect({
        app: app.name,
        protocol: env.get('KAFKA_SECURITY_PROTOCOL'),
        mechanism: env.get('KAFKA_SASL_MECHANISM'),
        username: env.get('KAFKA_SASL_USERNAME'),
        password: env.get('KAFKA_SASL_PASSWORD'),
        passwordFile: env.get('KAFKA_SASL_PASSWORD_FILE'),
        ca: env.get('KAFKA_SSL_CA_FILE'),
        sslMode: env.get('DATABASE_SSL_MODE'),
        databaseCa: env.get('DATABASE_SSL_CA_FILE'),
        replication: env.get('KAFKA_REPLICATION_FACTOR'),
        inSync: env.get('KAFKA_MIN_INSYNC_REPLICAS'),
      }).toEqual({
        app: app.name,
        protocol: 'SASL_SSL',
        mechanism: 'SCRAM-SHA-512',
        username: `secret:${secrets.kafkaAuth(app.name)}/username`,
        password: undefined,
        passwordFile: expect.stringMatching(/^\//),
        ca: expect.stringMatching(/^\//),
        sslMode: 'verify-full',
        databaseCa: expect.stringMatching(/^\//),
        replication: '3',
        inSync: '2',
      });
    }
  });

  it('gives every migration Job verify-full against the PostgreSQL CA, and its schema accepts it at start', () => {
    expect(migrations.map(({ workload }) => workload.name).sort()).toEqual(
      services.map((s) => `${s.name}-migrate`).sort(),
    );
    for (const { workload, container } of migrations) {
      const env = rendered.environmentOf(container);
      expect({ job: workload.name, sslMode: env.get('DATABASE_SSL_MODE') }).toEqual({
        job: workload.name,
        sslMode: 'verify-full',
      });
      const files = mountedFiles(workload.template, container);
      const parsed = migrationEnv.safeParse(
        environmentAtStart(env, files, join(standIns, workload.name)),
      );
      expect({
        job: workload.name,
        issues: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path} ${i.message}`),
      }).toEqual({ job: workload.name, issues: [] });
    }
  });

  it('reads every file variable from a read-only Secret volume of mode 0440, owned by the group the app runs as', () => {
    const expected: Record<string, (app: string) => string> = {
      KAFKA_SASL_PASSWORD_FILE: secrets.kafkaAuth,
      KAFKA_SSL_CA_FILE: () => secrets.kafkaCa,
      DATABASE_SSL_CA_FILE: () => secrets.postgresCa,
    };
    for (const { workload, container } of rendered.containers) {
      const env = rendered.environmentOf(container);
      const files = mountedFiles(workload.template, container);
      const fileVariables = [...env.keys()].filter((key) => key.endsWith('_FILE'));
      expect(fileVariables.length).toBeGreaterThan(0);
      for (const variable of fileVariables) {
        const file = files.find((f) => f.path === env.get(variable));
        expect({ workload: workload.name, variable, file }).toEqual({
          workload: workload.name,
          variable,
          file: expect.objectContaining({
            secret: expected[variable](workload.name),
            mode: 0o440,
            readOnly: true,
          }),
        });
      }
      const pod = workload.template.spec ?? { containers: [] };
      expect({ workload: workload.name, fsGroup: pod.securityContext?.fsGroup }).toEqual({
        workload: workload.name,
        fsGroup: container.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup,
      });
      expect(pod.securityContext?.fsGroup).toBe(imageGroup);
      // Every volume is a Secret: nothing from a ConfigMap, the node or the image.
      expect((pod.volumes ?? []).filter((v) => !v.secret)).toEqual([]);
      for (const mount of container.volumeMounts ?? []) expect(mount.readOnly).toBe(true);
    }
  });

  it("lets each worker's scaler read its group's lag with the worker's Kafka user and CA", () => {
    const authentications = objectsOf(rendered.objects, TriggerAuthentication);
    for (const { app, env } of rendered.apps.filter((a) => a.app.role === 'worker')) {
      const [trigger] = named(objectsOf(rendered.objects, ScaledObject), app.name).spec.triggers;
      expect(trigger.metadata).toMatchObject({ sasl: 'scram_sha512', tls: 'enable' });
      const auth = named(authentications, trigger.authenticationRef?.name ?? '(none)');
      const refs = Object.fromEntries(
        (auth.spec?.secretTargetRef ?? []).map((ref) => [ref.parameter, `${ref.name}/${ref.key}`]),
      );
      const kafkaAuth = secrets.kafkaAuth(app.name);
      expect(refs).toEqual({
        username: env.get('KAFKA_SASL_USERNAME')?.replace(/^secret:/, ''),
        password: `${kafkaAuth}/password`,
        ca: `${secrets.kafkaCa}/ca.crt`,
      });
    }
  });
});

describe('k8s/overlays/dev: connections to Kafka and PostgreSQL', () => {
  const rendered = loadOverlay('dev');

  it('stays plaintext: no security variable, volume, fsGroup, replication setting or scaler credentials', () => {
    for (const { workload, container } of rendered.containers) {
      const env = rendered.environmentOf(container);
      const set = [
        ...securityVariables,
        'KAFKA_REPLICATION_FACTOR',
        'KAFKA_MIN_INSYNC_REPLICAS',
      ].filter((variable) => (env.get(variable) ?? '') !== '');
      expect({ workload: workload.name, set }).toEqual({ workload: workload.name, set: [] });
      expect(workload.template.spec?.volumes).toBeUndefined();
      expect(container.volumeMounts).toBeUndefined();
      expect(workload.template.spec?.securityContext?.fsGroup).toBeUndefined();
    }
    expect(objectsOf(rendered.objects, TriggerAuthentication)).toEqual([]);
    for (const scaler of objectsOf(rendered.objects, ScaledObject))
      for (const trigger of scaler.spec.triggers) {
        expect([trigger.authenticationRef, trigger.metadata.sasl, trigger.metadata.tls]).toEqual([
          undefined,
          undefined,
          undefined,
        ]);
      }
  });
});
