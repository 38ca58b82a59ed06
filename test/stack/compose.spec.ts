import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = join(__dirname, '..', '..');

const ServiceSchema = z.object({
  image: z.string(),
  ports: z.array(z.string()),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  healthcheck: z.object({ test: z.union([z.string(), z.array(z.string())]) }),
});
const ComposeSchema = z.object({
  services: z.object({ kafka: ServiceSchema, postgres: ServiceSchema }),
});
type Service = z.infer<typeof ServiceSchema>;

interface PortMapping {
  readonly hostIp: string | undefined;
  readonly host: number;
  readonly container: number;
}

interface Listener {
  readonly host: string;
  readonly port: number;
}

describe('docker/compose.yaml', () => {
  const compose = ComposeSchema.parse(
    parse(readFileSync(join(ROOT, 'docker', 'compose.yaml'), 'utf8')),
  );
  const { kafka, postgres } = compose.services;
  const envSh = readFileSync(join(ROOT, 'tools', 'stack', 'env.sh'), 'utf8');
  const stackUp = readFileSync(join(ROOT, 'tools', 'stack', 'up'), 'utf8');

  /** Returns the default of `export NAME="${NAME:-default}"` in env.sh. */
  function stackDefault(name: string): string {
    const match = new RegExp(`^export ${name}="\\$\\{${name}:-([^}"]*)\\}"`, 'm').exec(envSh);
    if (!match) throw new Error(`tools/stack/env.sh has no overridable default for ${name}`);
    return match[1];
  }

  /** Returns the value of a fixed `export NAME=value` in env.sh. */
  function stackConstant(name: string): string {
    const match = new RegExp(`^export ${name}=([^\\s"$]+)\\s*$`, 'm').exec(envSh);
    if (!match) throw new Error(`tools/stack/env.sh has no fixed value for ${name}`);
    return match[1];
  }

  it('reads the stack defaults from env.sh', () => {
    expect(stackDefault('KAFKA_VERSION')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(stackDefault('KAFKA_PORT')).toMatch(/^\d+$/);
    expect(stackDefault('PGPORT')).toMatch(/^\d+$/);
  });

  describe('kafka', () => {
    const listeners = listenerMap(env(kafka, 'KAFKA_LISTENERS'));
    const advertised = listenerMap(env(kafka, 'KAFKA_ADVERTISED_LISTENERS'));

    it('runs the Kafka version of tools/stack', () => {
      expect(kafka.image).toBe(`apache/kafka:${stackDefault('KAFKA_VERSION')}`);
    });

    it('publishes the EXTERNAL listener on the stack host and port, advertised with that port', () => {
      const kafkaPort = Number(stackDefault('KAFKA_PORT'));
      expect(portMappings(kafka)).toEqual([
        {
          hostIp: stackConstant('KAFKA_HOST'),
          host: kafkaPort,
          container: listeners.get('EXTERNAL')?.port,
        },
      ]);
      // Clients bootstrap on the host, then connect to the advertised address: it must be the published port.
      expect(advertised.get('EXTERNAL')).toEqual({
        host: stackConstant('KAFKA_HOST'),
        port: kafkaPort,
      });
    });

    it('advertises the INTERNAL listener under the service name, for containers on the compose network', () => {
      expect(advertised.get('INTERNAL')).toEqual({
        host: 'kafka',
        port: listeners.get('INTERNAL')?.port,
      });
      expect(env(kafka, 'KAFKA_INTER_BROKER_LISTENER_NAME')).toBe('INTERNAL');
      expect(advertised.has('CONTROLLER')).toBe(false);
    });

    it('is a single KRaft node whose controller listens on the stack controller port', () => {
      const controllerPort = Number(stackDefault('KAFKA_CONTROLLER_PORT'));
      expect(env(kafka, 'KAFKA_PROCESS_ROLES')).toBe('broker,controller');
      expect(env(kafka, 'KAFKA_CONTROLLER_LISTENER_NAMES')).toBe('CONTROLLER');
      expect(listeners.get('CONTROLLER')?.port).toBe(controllerPort);
      expect(env(kafka, 'KAFKA_CONTROLLER_QUORUM_VOTERS')).toBe(
        `${env(kafka, 'KAFKA_NODE_ID')}@kafka:${controllerPort}`,
      );
      const mapped = env(kafka, 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP')
        .split(',')
        .map((entry) => entry.split(':')[0]);
      expect(mapped.sort()).toEqual([...listeners.keys()].sort());
    });

    it('sets every replication factor and min ISR to 1', () => {
      const settings = Object.keys(kafka.environment).filter((name) =>
        /_(REPLICATION_FACTOR|MIN_ISR)$/.test(name),
      );
      expect(settings).toEqual(
        expect.arrayContaining([
          'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
          'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
        ]),
      );
      for (const name of settings)
        expect({ name, value: env(kafka, name) }).toEqual({ name, value: '1' });
    });

    it('disables automatic topic creation, as tools/stack does', () => {
      expect(env(kafka, 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')).toBe('false');
      expect(stackUp).toMatch(/^auto\.create\.topics\.enable=false$/m);
    });

    it('has a healthcheck', () => {
      expect(kafka.healthcheck.test.length).toBeGreaterThan(0);
    });
  });

  describe('postgres', () => {
    it('publishes 5432 on the stack PGPORT', () => {
      expect(postgres.image).toBe('postgres:15');
      expect(portMappings(postgres)).toEqual([
        { hostIp: stackConstant('PGHOST'), host: Number(stackDefault('PGPORT')), container: 5432 },
      ]);
    });

    it('has the stack user, password and database', () => {
      expect({
        user: env(postgres, 'POSTGRES_USER'),
        password: env(postgres, 'POSTGRES_PASSWORD'),
        database: env(postgres, 'POSTGRES_DB'),
      }).toEqual({
        user: stackDefault('PGUSER'),
        password: stackDefault('PGPASSWORD'),
        database: stackDefault('PGDATABASE'),
      });
    });

    it('has a pg_isready healthcheck', () => {
      expect([postgres.healthcheck.test].flat().join(' ')).toContain('pg_isready');
    });
  });
});

/** Returns an environment value as the container sees it (YAML numbers and booleans become text). */
function env(service: Service, name: string): string {
  const value = service.environment[name];
  if (value === undefined) throw new Error(`docker/compose.yaml sets no ${name}`);
  return String(value);
}

/** Parses short-syntax port mappings: `[ip:]host:container`. */
function portMappings(service: Service): PortMapping[] {
  return service.ports.map((mapping) => {
    const parts = mapping.split(':');
    const [container, host] = [parts.pop(), parts.pop()];
    return {
      hostIp: parts.length > 0 ? parts.join(':') : undefined,
      host: Number(host),
      container: Number(container),
    };
  });
}

/** Parses a Kafka listener list (`NAME://host:port,...`) into a map by listener name. */
function listenerMap(value: string): Map<string, Listener> {
  const listeners = new Map<string, Listener>();
  for (const entry of value.split(',')) {
    const match = /^([A-Z_]+):\/\/([^:]*):(\d+)/.exec(entry.trim());
    if (!match) throw new Error(`Cannot parse listener '${entry}'`);
    listeners.set(match[1], { host: match[2], port: Number(match[3]) });
  }
  return listeners;
}
