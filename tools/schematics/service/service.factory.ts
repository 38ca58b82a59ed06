import { strings } from '@angular-devkit/core';
import {
  apply,
  chain,
  mergeWith,
  renameTemplateFiles,
  Rule,
  SchematicContext,
  SchematicsException,
  template,
  Tree,
  url,
} from '@angular-devkit/schematics';
import { RunSchematicTask } from '@angular-devkit/schematics/tasks';
import { format, resolveConfig } from 'prettier';
import {
  nextPorts,
  topicEntries,
  withEventsExports,
  withLandscapeEntry,
  withNestProject,
  withObjectEntries,
  withPathAlias,
} from './landscape-edits';
import { ServiceNames, serviceNames } from './service-names';

/** The options of `nest g app <name> -c ./tools/schematics/collection.json`. */
export interface ServiceOptions {
  readonly name: string;
}

const TOPICS = 'libs/events/src/topics.constants.ts';
const TOPICS_SPEC = 'libs/events/src/topics.constants.spec.ts';
const EVENTS_INDEX = 'libs/events/src/index.ts';
const LANDSCAPE = 'tools/landscape.ts';

/**
 * Generates an app service: its lib (definition, entity, migration, constants), its events (one
 * command, one fact, the request-rejected fact, the catalogue), its API (runApi, a command
 * controller, a GET controller) and worker (runWorker, one handler), a unit spec, an end-to-end
 * test, the aliases, topics and landscape entry; then what derives from them (`derived-files`: deployment wiring, AsyncAPI, schema snapshots).
 * @throws SchematicsException when the name is invalid or the service exists.
 */
export function service(options: ServiceOptions): Rule {
  return (tree: Tree, context: SchematicContext) => {
    const names = serviceNames(options.name);
    refuseExisting(tree, names);
    const serviceFiles: string[] = [];
    tree.getDir('libs').subdirs.forEach((lib) =>
      tree
        .getDir(`libs/${lib}/src`)
        .subfiles.filter((file) => file.endsWith('.service.ts'))
        .forEach((file) => serviceFiles.push(read(tree, `libs/${lib}/src/${file}`))),
    );
    const timestamp = Date.now();
    const files = apply(url('./files'), [
      template({
        ...strings,
        ...names,
        ...nextPorts(serviceFiles),
        migrationClass: `Create${names.pascal}${timestamp}`,
        migrationFile: `${timestamp}-create-${names.name}`,
      }),
      renameTemplateFiles(),
    ]);
    context.addTask(new RunSchematicTask('derived-files', {}));
    return chain([mergeWith(files), editLandscapeFiles(names), formatGenerated(names)]);
  };
}

function refuseExisting(tree: Tree, n: ServiceNames): void {
  const catalogue = `libs/events/src/catalogue/${n.name}`;
  const taken = [
    `libs/${n.name}`,
    `apps/${n.name}`,
    ...[`${n.singular}.schema.ts`, `${n.name}.catalogue.ts`].map((file) => `${catalogue}/${file}`),
  ].filter(
    (path) =>
      tree.exists(path) || tree.getDir(path).subfiles.length + tree.getDir(path).subdirs.length > 0,
  );
  const inLandscape = new RegExp(`^\\s+'?${n.name}'?:`, 'm').test(read(tree, LANDSCAPE));
  if (taken.length > 0 || inLandscape)
    throw new SchematicsException(
      `The service '${n.name}' already exists (${[...taken, ...(inLandscape ? [LANDSCAPE] : [])].join(', ')}): ` +
        `choose another name.`,
    );
}

function editLandscapeFiles(n: ServiceNames): Rule {
  return (tree) => {
    const { topics, groups } = topicEntries(n);
    const edit = (path: string, change: (text: string) => string) =>
      tree.overwrite(path, change(read(tree, path)));
    edit(EVENTS_INDEX, (text) => withEventsExports(text, n));
    edit(TOPICS, (text) => {
      const withTopics = withObjectEntries(
        text,
        'export const Topics = {',
        '} as const;',
        topics,
        TOPICS,
      );
      return withObjectEntries(
        withTopics,
        'export const ConsumerGroups = {',
        '} as const;',
        groups,
        TOPICS,
      );
    });
    edit(TOPICS_SPEC, (text) => {
      const withTopics = withObjectEntries(
        text,
        'expect(Topics).toEqual({',
        '});',
        topics,
        TOPICS_SPEC,
      );
      return withObjectEntries(
        withTopics,
        'expect(ConsumerGroups).toEqual({',
        '});',
        groups,
        TOPICS_SPEC,
      );
    });
    edit('tsconfig.json', (text) => withPathAlias(text, n));
    edit('nest-cli.json', (text) => withNestProject(text, n));
    edit(LANDSCAPE, (text) => withLandscapeEntry(text, n));
  };
}

/** Formats what was written as the repository's Prettier settings say (names vary in length). */
function formatGenerated(n: ServiceNames): Rule {
  return async (tree) => {
    const paths: string[] = [
      EVENTS_INDEX,
      TOPICS,
      TOPICS_SPEC,
      LANDSCAPE,
      'tsconfig.json',
      'nest-cli.json',
    ];
    paths.push(`test/e2e/${n.name}-flow.e2e-spec.ts`);
    for (const dir of [`apps/${n.name}`, `libs/${n.name}`, `libs/events/src/catalogue/${n.name}`])
      tree.getDir(dir).visit((path) => paths.push(path.slice(1)));
    for (const path of paths) {
      const config = await resolveConfig(path);
      tree.overwrite(path, await format(read(tree, path), { ...config, filepath: path }));
    }
  };
}

function read(tree: Tree, path: string): string {
  const text = tree.read(path)?.toString('utf8');
  if (text === undefined) throw new SchematicsException(`${path} is missing`);
  return text;
}
