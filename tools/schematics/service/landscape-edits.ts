import { SchematicsException } from '@angular-devkit/schematics';
import { ServiceNames } from './service-names';

/** Returns libs/events/src/index.ts exporting the service's catalogue folder. */
export function withEventsExports(index: string, n: ServiceNames): string {
  const folder = `./catalogue/${n.name}`;
  return `${index.trimEnd()}
export * from '${folder}/${n.singular}.schema';
export { Create${n.singularPascal} } from '${folder}/create-${n.singular}.event';
export { ${n.singularPascal}Created } from '${folder}/${n.singular}-created.event';
export { ${n.singularPascal}RequestRejected } from '${folder}/${n.singular}-request-rejected.event';
export { ${n.camel}Catalogue } from '${folder}/${n.name}.catalogue';
`;
}

/**
 * Returns the text with entries added at the end of the object literal that follows `opening`,
 * skipping a key the object already has with the same value.
 * @throws SchematicsException when the object is missing, or has a key with another value.
 */
export function withObjectEntries(
  text: string,
  opening: string,
  closing: string,
  entries: Readonly<Record<string, string>>,
  file: string,
): string {
  const start = text.indexOf(opening);
  const end = text.indexOf(closing, start);
  if (start < 0 || end < 0) throw new SchematicsException(`${file} has no \`${opening.trim()}\``);
  const body = text.slice(start, end);
  const indent = /\n(\s+)\w+:/.exec(body)?.[1] ?? '  ';
  const added = Object.entries(entries).flatMap(([key, value]) => {
    const existing = new RegExp(`\\n\\s+${key}: '([^']*)'`).exec(body)?.[1];
    if (existing === value) return [];
    if (existing !== undefined)
      throw new SchematicsException(`${file} already names ${key} '${existing}', not '${value}'`);
    return [`${indent}${key}: '${value}',\n`];
  });
  return `${text.slice(0, end)}${added.join('')}${text.slice(end)}`;
}

/** The service's topics and consumer group, as Topics and ConsumerGroups name them. */
export function topicEntries(n: ServiceNames): {
  topics: Record<string, string>;
  groups: Record<string, string>;
} {
  return {
    topics: { [n.commandsKey]: `${n.name}.commands`, [n.eventsKey]: `${n.name}.events` },
    groups: { [n.groupKey]: `${n.name}-worker` },
  };
}

/** Returns tsconfig.json with the `@app/<name>` path alias. */
export function withPathAlias(tsconfig: string, n: ServiceNames): string {
  const match = /("paths": \{\n)([\s\S]*?)(\n\s*\})/.exec(tsconfig);
  if (!match) throw new SchematicsException('tsconfig.json has no compilerOptions.paths');
  const indent = /^(\s*)"/.exec(match[2])?.[1] ?? '      ';
  const entry = `,\n${indent}"@app/${n.name}": ["libs/${n.name}/src"]`;
  const at = match.index + match[1].length + match[2].length;
  return `${tsconfig.slice(0, at)}${entry}${tsconfig.slice(at)}`;
}

/** Returns nest-cli.json with the service's library project. */
export function withNestProject(nestCli: string, n: ServiceNames): string {
  const config = JSON.parse(nestCli) as { projects: Record<string, unknown> };
  config.projects[n.name] = {
    type: 'library',
    root: `libs/${n.name}`,
    entryFile: 'index',
    sourceRoot: `libs/${n.name}/src`,
    compilerOptions: { tsConfigPath: 'tsconfig.build.json' },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Returns tools/landscape.ts with the service in the map. */
export function withLandscapeEntry(landscape: string, n: ServiceNames): string {
  const imports = [...landscape.matchAll(/^import .*;$/gm)];
  const last = imports[imports.length - 1];
  const end = landscape.lastIndexOf('} as const;');
  if (!last || end < 0 || last.index === undefined)
    throw new SchematicsException(
      'tools/landscape.ts has no `export const landscape = {…} as const`',
    );
  const key = n.name.includes('-') ? `'${n.name}'` : n.name;
  const afterImports = last.index + last[0].length;
  return (
    `${landscape.slice(0, afterImports)}\nimport { ${n.camel}Service } from '@app/${n.name}';` +
    `${landscape.slice(afterImports, end)}  ${key}: ${n.camel}Service,\n${landscape.slice(end)}`
  );
}

/** Returns the next free pair of ports (api, worker): the hundred after the highest in use. */
export function nextPorts(serviceFiles: readonly string[]): {
  apiPort: number;
  workerPort: number;
} {
  const used = serviceFiles.flatMap((text) =>
    [...text.matchAll(/ports: \{ api: (\d+), worker: (\d+) \}/g)].flatMap((m) => [
      Number(m[1]),
      Number(m[2]),
    ]),
  );
  const base = (Math.floor(Math.max(3000, ...used) / 100) + 1) * 100;
  return { apiPort: base, workerPort: base + 1 };
}
