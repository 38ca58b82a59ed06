import { apiEnvSchema, workerEnvSchema } from '@app/service';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { migrationEnv } from '../../tools/migrate';
import { ROOT, apps, services } from './app-facts';
import { environmentAtStart, MountedFile } from './mounted-secrets';

const Environment = z.record(z.string(), z.union([z.string(), z.number()]));
const ComposeService = z.looseObject({
  environment: Environment.optional(),
  secrets: z.array(z.string()).optional(),
});
type ComposeService = z.infer<typeof ComposeService>;
const ComposeFile = z.object({
  services: z.record(z.string(), ComposeService),
  secrets: z.record(z.string(), z.object({ file: z.string() })).optional(),
});
type ComposeFile = z.infer<typeof ComposeFile>;

/** Where compose mounts a service's secret (short syntax): `/run/secrets/<name>`. */
const SECRETS_DIR = '/run/secrets';

describe('docker/compose.yaml with docker/compose.secure.yaml', () => {
  const base = composeFile('compose.yaml');
  const override = composeFile('compose.secure.yaml');
  const merged = mergeCompose(base, override);
  const header = readFileSync(join(ROOT, 'docker', 'compose.secure.yaml'), 'utf8');
  const standIns = mkdtempSync(join(tmpdir(), 'compose-secure-'));
  afterAll(() => rmSync(standIns, { recursive: true, force: true }));

  const service = (name: string): ComposeService => {
    const found = merged.services[name];
    if (!found) throw new Error(`The merged compose files have no service ${name}`);
    return found;
  };
  const envOf = (name: string): Map<string, string> =>
    new Map(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, String(v)]));
  /** The files a service sees as its compose secrets, for `environmentAtStart`. */
  const secretFiles = (name: string): MountedFile[] =>
    (service(name).secrets ?? []).map((secret) => ({
      path: `${SECRETS_DIR}/${secret}`,
      secret,
      key: merged.secrets?.[secret]?.file ?? '(no such secret)',
      mode: undefined,
      readOnly: true,
    }));
  /** Returns the issues of a schema with the container's environment, stand-ins for its secrets. */
  const issuesAtStart = (name: string, schema: z.ZodType): string[] => {
    const parsed = schema.safeParse(
      environmentAtStart(envOf(name), secretFiles(name), join(standIns, name)),
    );
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  };
  const kafka = envOf('kafka');

  it('secures the migration, API and worker of every service of compose.yaml, and adds no service', () => {
    const stack = ['kafka', 'postgres'];
    const secured = Object.keys(override.services).filter((name) => !stack.includes(name));
    const appServices = Object.keys(base.services).filter((name) => !stack.includes(name));
    expect(secured.sort()).toEqual(appServices.sort());
    expect(appServices.sort()).toEqual(
      services.flatMap((s) => ['migrate', 'api', 'worker'].map((r) => `${s.name}-${r}`)).sort(),
    );
  });

  it('gives every migration PostgreSQL over TLS (verify-full) as the TLS-only role, and its schema accepts it at start', () => {
    const role = /CREATE ROLE (\w+) LOGIN .*PASSWORD '([^']+)'/.exec(
      readFileSync(join(ROOT, 'docker', 'secure', 'postgres-tls-role.sh'), 'utf8'),
    );
    for (const { name } of services) {
      const migrate = `${name}-migrate`;
      const env = envOf(migrate);
      expect({
        migrate,
        url: env.get('DATABASE_URL'),
        sslMode: env.get('DATABASE_SSL_MODE'),
        issues: issuesAtStart(migrate, migrationEnv),
      }).toEqual({
        migrate,
        url: `postgresql://${role?.[1]}:${role?.[2]}@postgres:5432/app`,
        sslMode: 'verify-full',
        issues: [],
      });
      expect([...env.keys()].some((key) => key.startsWith('KAFKA_'))).toBe(false);
    }
  });

  it("gives every API and worker SASL_SSL to the broker's secured listener and the user it knows, and its schema accepts it at start", () => {
    const listener = /(\w+):\/\/kafka:29094/.exec(kafka.get('KAFKA_ADVERTISED_LISTENERS') ?? '');
    const protocol = new RegExp(`\\b${listener?.[1]}:(\\w+)`).exec(
      kafka.get('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP') ?? '',
    );
    const password = readFileSync(
      resolve(ROOT, 'docker', merged.secrets?.['kafka-password']?.file ?? '(none)'),
      'utf8',
    ).trimEnd();
    for (const app of Object.values(apps)) {
      const env = envOf(app.name);
      const schema = app.role === 'api' ? apiEnvSchema(app.service) : workerEnvSchema(app.service);
      const mechanism = env.get('KAFKA_SASL_MECHANISM') ?? '';
      expect({
        app: app.name,
        brokers: env.get('KAFKA_BROKERS'),
        protocol: env.get('KAFKA_SECURITY_PROTOCOL'),
        enabled: kafka.get('KAFKA_SASL_ENABLED_MECHANISMS')?.split(',').includes(mechanism),
        passwordFile: env.get('KAFKA_SASL_PASSWORD_FILE'),
        sslMode: env.get('DATABASE_SSL_MODE'),
        issues: issuesAtStart(app.name, schema),
      }).toEqual({
        app: app.name,
        brokers: 'kafka:29094',
        protocol: protocol?.[1],
        enabled: true,
        passwordFile: `${SECRETS_DIR}/kafka-password`,
        sslMode: 'verify-full',
        issues: [],
      });
      // The broker's JAAS settings for the mechanism know the user, with the password of the file.
      const jaas = kafka.get(`KAFKA_LISTENER_NAME_${listener?.[1]}_${mechanism}_SASL_JAAS_CONFIG`);
      expect(jaas).toContain(`user_${env.get('KAFKA_SASL_USERNAME')}="${password}"`);
    }
  });

  it('reads every file variable from a secret the container mounts, made by tools/stack/tls-certs or kept in docker/', () => {
    const certs = readFileSync(join(ROOT, 'tools', 'stack', 'tls-certs'), 'utf8');
    // The apps run as a non-root user: compose mounts a secret's file with its own mode.
    const readable = /^chmod 644 (.+)$/m.exec(certs)?.[1].split(' ') ?? [];
    const certsDir = /tools\/stack\/tls-certs (\S+)/.exec(header)?.[1];
    for (const name of Object.keys(merged.services).filter(
      (n) => n.endsWith('-migrate') || n in apps,
    )) {
      const env = envOf(name);
      for (const variable of [...env.keys()].filter((key) => key.endsWith('_FILE'))) {
        const secret = env.get(variable)?.replace(`${SECRETS_DIR}/`, '') ?? '';
        const file = merged.secrets?.[secret]?.file ?? '(no such secret)';
        const path = resolve(ROOT, 'docker', file);
        const fromCerts = certsDir !== undefined && path.startsWith(resolve(ROOT, certsDir));
        expect({
          name,
          variable,
          mounted: service(name).secrets?.includes(secret),
          source: fromCerts ? readable.includes(file.split('/').pop() ?? '') : existsSync(path),
        }).toEqual({ name, variable, mounted: true, source: true });
      }
    }
  });

  it('connects to hosts the certificates name, as verify-full and hostname verification require', () => {
    const names = /TLS_SERVER_NAMES="([^"]+)"/.exec(header)?.[1].split(' ') ?? [];
    for (const app of Object.values(apps)) {
      const env = envOf(app.name);
      const kafkaHost = env.get('KAFKA_BROKERS')?.split(':')[0];
      const databaseHost = new URL(env.get('DATABASE_URL') ?? 'invalid:').hostname;
      expect(names).toEqual(expect.arrayContaining([kafkaHost, databaseHost]));
    }
  });
});

function composeFile(name: string): ComposeFile {
  // merge: the files share settings through YAML anchors and `<<` keys.
  return ComposeFile.parse(
    parse(readFileSync(join(ROOT, 'docker', name), 'utf8'), { merge: true }),
  );
}

/**
 * Merges an override file into a base as `docker compose -f base -f override` does for what
 * these files hold: a service's environment key by key, its secrets as a union, any other key
 * replaced; top-level secrets by name.
 * @see https://docs.docker.com/reference/compose-file/merge/
 */
function mergeCompose(base: ComposeFile, override: ComposeFile): ComposeFile {
  const services = { ...base.services };
  for (const [name, extra] of Object.entries(override.services)) {
    const original = services[name] ?? {};
    services[name] = {
      ...original,
      ...extra,
      environment: { ...original.environment, ...extra.environment },
      secrets: [...new Set([...(original.secrets ?? []), ...(extra.secrets ?? [])])],
    };
  }
  return { services, secrets: { ...base.secrets, ...override.secrets } };
}
