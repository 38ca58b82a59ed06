import { apiEnvSchema, workerEnvSchema } from '@app/service';
import { Copy, DockerfileParser, Instruction } from 'dockerfile-ast';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppFacts, ROOT, apps, migration, routes, services } from './app-facts';

const AppServiceSchema = z.object({
  image: z.string(),
  build: z.object({ context: z.string(), dockerfile: z.string() }),
  user: z.string(),
  read_only: z.boolean(),
  cap_drop: z.array(z.string()),
  command: z.array(z.string()),
  environment: z.record(z.string(), z.union([z.string(), z.number()])),
  ports: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  stop_grace_period: z.string().optional(),
});
type AppService = z.infer<typeof AppServiceSchema>;

const ComposeSchema = z.object({
  services: z
    .object({
      kafka: z.object({ environment: z.record(z.string(), z.unknown()) }),
      postgres: z.object({ environment: z.record(z.string(), z.string()) }),
      // The migration, API and worker of every service: `<name>-migrate`, `<name>-api`, `<name>-worker`.
    })
    .catchall(AppServiceSchema),
});

/** Time allowed, beyond an app's own shutdown settings, to close its pools and HTTP server. */
const CLOSE_MS = 5_000;

describe('docker/compose.yaml: the apps', () => {
  const compose = ComposeSchema.parse(
    // merge: the app services share their image, build and hardening through a `<<: *app` key.
    parse(readFileSync(join(ROOT, 'docker', 'compose.yaml'), 'utf8'), { merge: true }),
  );
  const { kafka, postgres } = compose.services;
  const composed = (name: string): AppService => {
    const service = compose.services[name];
    if (!service) throw new Error(`docker/compose.yaml has no service ${name}`);
    return service as AppService;
  };
  const migrations = services.map((service) => ({
    service,
    migrate: composed(`${service.name}-migrate`),
  }));
  const appServices = Object.values(apps).map((app) => ({ app, service: composed(app.name) }));
  const allApps = [...migrations.map((m) => m.migrate), ...appServices.map((a) => a.service)];

  it('runs the migration, API and worker of every service of the landscape, and nothing else', () => {
    const names = Object.keys(compose.services).filter((n) => n !== 'kafka' && n !== 'postgres');
    expect(names.sort()).toEqual(
      services.flatMap((s) => ['migrate', 'api', 'worker'].map((r) => `${s.name}-${r}`)).sort(),
    );
  });
  const internalKafka = /INTERNAL:\/\/([^,]+)/.exec(
    String(kafka.environment.KAFKA_ADVERTISED_LISTENERS),
  )?.[1];
  const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = postgres.environment;

  it('builds every app and the migration from docker/Dockerfile into one image', () => {
    for (const service of allApps) {
      const context = resolve(ROOT, 'docker', service.build.context);
      expect(context).toBe(ROOT);
      expect(existsSync(join(context, service.build.dockerfile))).toBe(true);
      expect(service.build.dockerfile).toBe('docker/Dockerfile');
      expect(service.image).toBe(allApps[0].image);
    }
  });

  it('runs each app from its compiled entrypoint, and the migration before them', () => {
    for (const { service, migrate } of migrations) {
      expect(migrate.command).toEqual(['node', migration.entry, service.name]);
      expect(migration.services).toContain(service.name);
      expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    }
    for (const { app, service } of appServices) {
      expect(service.command).toEqual(['node', app.entry]);
      expect(service.depends_on).toEqual({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        [`${app.service.name}-migrate`]: { condition: 'service_completed_successfully' },
      });
    }
  });

  it('sets only variables of each app schema, the required ones pointing at the compose network', () => {
    for (const { app, service } of appServices) {
      const names = Object.keys(service.environment);
      expect({ service: app.name, unknown: names.filter((n) => !app.config.has(n)) }).toEqual({
        service: app.name,
        unknown: [],
      });
    }
    for (const { migrate } of migrations)
      expect(migration.variables).toEqual(expect.arrayContaining(Object.keys(migrate.environment)));
    for (const { app, service } of appServices) {
      const required = [...app.config.values()].filter((v) => !v.hasDefault).map((v) => v.name);
      expect(Object.keys(service.environment)).toEqual(expect.arrayContaining(required));
      expect(service.environment.KAFKA_BROKERS).toBe(internalKafka);
    }
    for (const service of allApps) {
      expect(service.environment.DATABASE_URL).toBe(
        `postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}`,
      );
    }
  });

  it('gives each app an environment its config schema accepts at start (APIs: auth off, for local use)', () => {
    for (const { app, service } of appServices) {
      const schema = app.role === 'api' ? apiEnvSchema(app.service) : workerEnvSchema(app.service);
      const parsed = schema.safeParse(service.environment);
      expect({
        app: app.name,
        issues: parsed.success ? [] : parsed.error.issues.map((issue) => issue.message),
      }).toEqual({ app: app.name, issues: [] });
    }
  });

  it('publishes and health-checks /health/ready on the port each app listens on', () => {
    for (const { app, service } of appServices) {
      const port = portOf(app, service);
      expect(service.ports).toEqual([`127.0.0.1:${port}:${port}`]);
      expect(service.healthcheck?.test.join(' ')).toContain(
        `http://127.0.0.1:${port}${routes.ready}`,
      );
    }
  });

  it('runs hardened and stops within a grace period longer than the apps shutdown', () => {
    for (const service of allApps) {
      expect({
        user: service.user,
        read_only: service.read_only,
        cap_drop: service.cap_drop,
      }).toEqual({
        user: expect.stringMatching(/^[1-9]\d*:\d+$/),
        read_only: true,
        cap_drop: ['ALL'],
      });
    }
    for (const { app, service } of appServices) {
      const setting = (name: string): number =>
        app.config.has(name)
          ? Number(service.environment[name] ?? app.config.get(name)?.defaultValue)
          : 0;
      const shutdownMs =
        setting('SHUTDOWN_DRAIN_MS') +
        setting('PREFER_WAIT_MAX_SECONDS') * 1000 +
        setting('SHUTDOWN_BUDGET_MS') +
        CLOSE_MS;
      expect(seconds(service.stop_grace_period ?? '10s') * 1000).toBeGreaterThan(shutdownMs);
    }
  });
});

describe('docker/Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const stages = stagesOf(dockerfile.getInstructions());
  const runtime = stages[stages.length - 1];
  const nodeImage = dockerfile
    .getInitialARGs()
    .find((arg) => arg.getProperty()?.getName() === 'NODE_IMAGE')
    ?.getProperty()
    ?.getValue();
  const packageJson = z
    .object({ devDependencies: z.record(z.string(), z.string()) })
    .parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));

  it("builds in stages on a slim base of the Node line the project's scripts run on", () => {
    // package.json's `node` package is the runtime of tools/test, tools/demo/run and CI.
    const projectNode = /^\^?(\d+)\./.exec(packageJson.devDependencies.node ?? '')?.[1];
    expect(projectNode).toBeDefined();
    expect(nodeImage).toMatch(new RegExp(`^node:${projectNode}[\\w.-]*-slim$`));
    expect(stages.map((stage) => stage.from.getArgumentsContent())).toEqual([
      '${NODE_IMAGE} AS build',
      '${NODE_IMAGE} AS deps',
      '${NODE_IMAGE}',
    ]);
  });

  it('compiles with tsconfig.build.json and rewrites the path aliases, with packages it has', () => {
    const build = stages[0].instructions
      .filter((i) => i.getKeyword() === 'RUN')
      .map(args)
      .join('\n');
    expect(build).toContain('tsc -p tsconfig.build.json');
    expect(build).toContain('tsc-alias -p tsconfig.build.json');
    expect(Object.keys(packageJson.devDependencies)).toEqual(
      expect.arrayContaining(['typescript', 'tsc-alias']),
    );
    const deps = stages[1].instructions
      .filter((i) => i.getKeyword() === 'RUN')
      .map(args)
      .join('\n');
    expect(deps).toContain('npm ci --omit=dev');
  });

  it('copies only sources the build context lets through', () => {
    const allowed = readFileSync(join(ROOT, 'docker', 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    const sources = stages
      .flatMap((stage) => stage.instructions)
      .filter((i) => i instanceof Copy && !i.getFromFlag())
      .flatMap((i) =>
        i
          .getArguments()
          .slice(0, -1)
          .map((a) => a.getValue()),
      );
    for (const source of sources) {
      expect({
        source,
        exists: existsSync(join(ROOT, source)),
        allowed: allowed.includes(source),
      }).toEqual({
        source,
        exists: true,
        allowed: true,
      });
    }
  });

  it('puts the compiled output where the entrypoints expect it, and runs as a numeric non-root user', () => {
    const workdir = (stage: Stage): string | undefined =>
      stage.instructions
        .filter((i) => i.getKeyword() === 'WORKDIR')
        .map(args)
        .pop();
    const fromBuild = runtime.instructions
      .filter((i) => i instanceof Copy && i.getFromFlag()?.getValue() === 'build')
      .map((i) => i.getArguments().map((a) => a.getValue()));
    const buildDir = workdir(stages[0]) ?? '';
    // tsc's outDir (`dist` in tsconfig.json), from the build's WORKDIR to the runtime's.
    expect(fromBuild).toContainEqual([posix.join(buildDir, 'dist'), 'dist']);
    // The deps stage installs without scripts: each package patches/ mends comes from the build.
    for (const patch of readdirSync(join(ROOT, 'patches'))) {
      const pkg = patch.replace(/\+[^+]+\.patch$/, '').replace('+', '/');
      expect(fromBuild).toContainEqual([
        posix.join(buildDir, 'node_modules', pkg),
        posix.join('node_modules', pkg),
      ]);
    }
    expect(workdir(runtime)).toBe('/app');
    for (const entry of [...Object.values(apps).map((app) => app.entry), migration.entry])
      expect(entry.startsWith('dist/')).toBe(true);
    const user = runtime.instructions
      .filter((i) => i.getKeyword() === 'USER')
      .map(args)
      .pop();
    expect(user).toMatch(/^[1-9]\d*:\d+$/);
  });

  it("runs the first service's API by default, under tini, in exec form, exposing each app port", () => {
    expect(jsonArguments(runtime, 'ENTRYPOINT')).toEqual(['/usr/bin/tini', '--']);
    expect(
      runtime.instructions.some(
        (i) => i.getKeyword() === 'RUN' && /apt-get install .*\btini\b/.test(args(i)),
      ),
    ).toBe(true);
    expect(jsonArguments(runtime, 'CMD')).toEqual(['node', apps[`${services[0].name}-api`].entry]);
    const exposed = runtime.instructions
      .filter((i) => i.getKeyword() === 'EXPOSE')
      .flatMap((i) => args(i).split(/\s+/));
    expect(exposed.map(Number).sort()).toEqual(
      Object.values(apps)
        .map((app) => app.defaultPort)
        .sort(),
    );
  });
});

interface Stage {
  readonly from: Instruction;
  readonly instructions: Instruction[];
}

/** Groups instructions under the FROM that starts their stage. */
function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') stages.push({ from: instruction, instructions: [] });
    else stages[stages.length - 1]?.instructions.push(instruction);
  }
  return stages;
}

/** An instruction's arguments as one line (continuations joined). */
function args(instruction: Instruction): string {
  return instruction
    .getArguments()
    .map((a) => a.getValue())
    .join(' ');
}

/** The exec-form (JSON) arguments of a stage's last ENTRYPOINT or CMD; [] when in shell form. */
function jsonArguments(stage: Stage, keyword: 'ENTRYPOINT' | 'CMD'): string[] {
  const instruction = stage.instructions.filter((i) => i.getKeyword() === keyword).pop();
  const text = instruction?.getArgumentsContent() ?? '';
  const parsed: unknown = text.startsWith('[') ? JSON.parse(text) : [];
  return z.array(z.string()).parse(parsed);
}

/** The HTTP port an app listens on in compose: its HTTP_PORT, else the schema default. */
function portOf(app: AppFacts, service: AppService): number {
  return Number(service.environment.HTTP_PORT ?? app.defaultPort);
}

/** Parses a compose duration such as `45s` or `1m30s` into seconds. */
function seconds(duration: string): number {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!match || duration === '') throw new Error(`Cannot parse duration ${duration}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}
