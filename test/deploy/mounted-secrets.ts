import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IContainer, IPodTemplateSpec } from 'kubernetes-models/v1';

/** One file a container sees through a volume mount. */
export interface MountedFile {
  /** The path inside the container. */
  readonly path: string;
  /** The Secret behind it, or undefined when the volume is not a Secret. */
  readonly secret: string | undefined;
  readonly key: string;
  readonly mode: number | undefined;
  readonly readOnly: boolean;
}

/**
 * Returns the files a container sees through its mounts: each key a volume projects (`items`),
 * at `<mountPath>/<path>`. A Secret or ConfigMap mounted without `items` names no key here.
 */
export function mountedFiles(template: IPodTemplateSpec, container: IContainer): MountedFile[] {
  const volumes = template.spec?.volumes ?? [];
  return (container.volumeMounts ?? []).flatMap((mount) => {
    const volume = volumes.find((v) => v.name === mount.name);
    const source = volume?.secret ?? volume?.configMap;
    return (source?.items ?? []).map((item) => ({
      path: `${mount.mountPath}/${item.path}`,
      secret: volume?.secret?.secretName,
      key: item.key,
      mode: item.mode ?? source?.defaultMode,
      readOnly: mount.readOnly === true,
    }));
  });
}

/**
 * Returns a container's environment as its app would read it at start, for a schema to parse:
 * each variable that names a mounted file points instead at a stand-in file written under
 * `directory` (the app reads the file at start; the test cannot mount the Secret), and each
 * variable from a Secret gets a stand-in value (`DATABASE_URL` a URL). An empty variable counts as
 * unset, as in loadConfig.
 */
export function environmentAtStart(
  env: ReadonlyMap<string, string>,
  files: readonly MountedFile[],
  directory: string,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of env) {
    if (value === '') continue;
    const file = files.find((f) => f.path === value);
    if (file) {
      const standIn = join(directory, file.path);
      mkdirSync(dirname(standIn), { recursive: true });
      writeFileSync(standIn, `stand-in for ${String(file.secret)}/${file.key}\n`);
      values[key] = standIn;
    } else if (value.startsWith('secret:'))
      values[key] =
        key === 'DATABASE_URL' ? 'postgresql://user:password@postgres:5432/app' : 'stand-in';
    else values[key] = value;
  }
  return values;
}
