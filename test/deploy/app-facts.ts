import 'reflect-metadata';
import { HealthController } from '@app/health';
import { MetricsController } from '@app/observability';
import { apiEnvSchema, ServiceDefinition, workerEnvSchema } from '@app/service';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { landscape } from '../../tools/landscape';
import { migrationEnv } from '../../tools/migrate';
import * as ts from 'typescript';
import { z } from 'zod';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** tsconfig.build.json, parsed as `tsc -p tsconfig.build.json` (the image's build) reads it. */
const buildConfig = parseBuildConfig();

/** One environment variable of an app's config schema. */
export interface ConfigVariable {
  readonly name: string;
  readonly hasDefault: boolean;
  /** The default, as the environment would spell it. */
  readonly defaultValue: string | undefined;
}

/** What the deployment files must agree with about one app, read from its code. */
export interface AppFacts {
  /** `<service>-api` or `<service>-worker`. */
  readonly name: string;
  readonly service: ServiceDefinition;
  readonly role: 'api' | 'worker';
  /** The compiled entrypoint, relative to the image's working directory (the repository root). */
  readonly entry: string;
  readonly config: ReadonlyMap<string, ConfigVariable>;
  /** HTTP_PORT's default. */
  readonly defaultPort: number;
}

/** The services of the landscape (tools/landscape.ts): the deployment files must run each. */
export const services: readonly ServiceDefinition[] = Object.values(landscape);

/** The API and the worker of every service, keyed by app name. */
export const apps: Readonly<Record<string, AppFacts>> = Object.fromEntries(
  services
    .flatMap((service) => [
      appFacts(service, 'api', apiEnvSchema(service)),
      appFacts(service, 'worker', workerEnvSchema(service)),
    ])
    .map((app) => [app.name, app]),
);

/** The compiled migration tool, the services it knows (`node <entry> <service>`), its variables. */
export const migration = {
  entry: buildOutputOf('tools/migrate.ts'),
  services: Object.keys(landscape),
  variables: Object.keys(migrationEnv.shape),
};

/** The probe and scrape paths both apps serve, from the controllers' route metadata. */
export const routes = {
  live: routeOf(HealthController, 'live'),
  ready: routeOf(HealthController, 'ready'),
  metrics: routeOf(MetricsController, 'metrics'),
};

/** Finds the app whose compiled entrypoint is `entry`. */
export function appByEntry(entry: string | undefined): AppFacts {
  const app = Object.values(apps).find((candidate) => candidate.entry === entry);
  if (!app) throw new Error(`${String(entry)} is the entrypoint of no app`);
  return app;
}

function appFacts(
  service: ServiceDefinition,
  role: AppFacts['role'],
  schema: z.ZodObject,
): AppFacts {
  const name = `${service.name}-${role}`;
  const folder = `apps/${service.name}/${role}`;
  const config = configVariables(schema);
  const port = config.get('HTTP_PORT')?.defaultValue;
  if (port === undefined) throw new Error(`${name} has no HTTP_PORT default`);
  // The kit's apps serve health and metrics; an app started another way may not.
  const main = readFileSync(join(ROOT, folder, 'main.ts'), 'utf8');
  const run = role === 'api' ? 'runApi(' : 'runWorker(';
  if (!main.includes(run))
    throw new Error(`${name} does not start through ${run}…) of @app/service`);
  return {
    name,
    service,
    role,
    entry: buildOutputOf(join(folder, 'main.ts')),
    config,
    defaultPort: Number(port),
  };
}

/** Returns the variables of an app's environment schema, with their defaults. */
function configVariables(schema: z.ZodObject): Map<string, ConfigVariable> {
  const variables = new Map<string, ConfigVariable>();
  for (const [name, variable] of Object.entries(schema.shape)) {
    const unset = (variable as z.ZodType).safeParse(undefined);
    variables.set(name, {
      name,
      hasDefault: unset.success,
      defaultValue: unset.success ? String(unset.data) : undefined,
    });
  }
  return variables;
}

/** Returns where `tsc -p tsconfig.build.json` emits a source file, relative to the root. */
export function buildOutputOf(file: string): string {
  const path = join(ROOT, file);
  if (!buildConfig.fileNames.includes(path))
    throw new Error(`${file} is not in tsconfig.build.json`);
  const [js] = ts.getOutputFileNames(buildConfig, path, false);
  return relative(ROOT, js);
}

function parseBuildConfig(): ts.ParsedCommandLine {
  const file = join(ROOT, 'tsconfig.build.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, file);
}

/** Returns the full path of a GET handler from Nest's route metadata: `/<controller>/<method>`. */
function routeOf<T extends object>(controller: { prototype: T }, method: keyof T & string): string {
  const handler: unknown = controller.prototype[method];
  if (typeof handler !== 'function') throw new Error(`${method} is not a handler`);
  if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET)
    throw new Error(`${method} does not answer GET`);
  const parts = [
    Reflect.getMetadata(PATH_METADATA, controller),
    Reflect.getMetadata(PATH_METADATA, handler),
  ];
  return `/${parts
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;
}
