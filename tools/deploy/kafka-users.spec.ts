import { ConsumerGroups } from '@app/events';
import { parseAllDocuments } from 'yaml';
import { landscapeWiring } from './deploy-manifests';
import { kafkaUserFiles } from './kafka-users';
import { environments } from './service-wiring';

/**
 * What the KafkaUser CRD of Strimzi accepts: the keys of each object and the values of each enum.
 * @see https://github.com/strimzi/strimzi-kafka-operator/blob/main/packaging/install/cluster-operator/044-Crd-kafkauser.yaml
 */
const crd = {
  keys: {
    root: ['apiVersion', 'kind', 'metadata', 'spec'],
    spec: ['userName', 'authentication', 'authorization', 'quotas', 'template'],
    authorization: ['type', 'acls'],
    acl: ['type', 'resource', 'host', 'operations'],
    resource: ['type', 'name', 'patternType'],
  },
  authenticationTypes: ['tls', 'tls-external', 'scram-sha-512'],
  resourceTypes: ['topic', 'group', 'cluster', 'transactionalId'],
  patternTypes: ['literal', 'prefix'],
  operations: [
    ...['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction'],
    ...['AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All'],
  ],
};

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json => value as Json;

/** Returns one grant per line: `user resource-type resource-name operation`. */
function grantsOfUsers(users: Json[]): string[] {
  return users.flatMap((user) => {
    const name = asRecord(user.metadata).name as string;
    const acls = asRecord(asRecord(user.spec).authorization).acls as Json[];
    return acls.flatMap(({ resource, operations }) => {
      const { type, name: resourceName } = asRecord(resource);
      return (operations as string[]).map((op) => `${name} ${type} ${resourceName} ${op}`);
    });
  });
}

function grantsOfScript(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => line.startsWith('acl --allow-principal'))
    .flatMap((line) => {
      const [, user, type, name] =
        /^acl --allow-principal User:(\S+) --(topic|group) (\S+)/.exec(line) ?? [];
      return [...line.matchAll(/--operation (\w+)/g)].map(
        ([, op]) => `${user} ${type} ${name} ${op}`,
      );
    });
}

describe('kafkaUserFiles', () => {
  const services = landscapeWiring();
  const prod = environments.find((environment) => environment.name === 'prod')!;
  const files = kafkaUserFiles(prod, services);
  const users = parseAllDocuments(files['kafka-users.yaml']).map((d) => asRecord(d.toJS()));

  it('writes a KafkaUser for every API and worker, and for nothing else', () => {
    expect(users.map((user) => asRecord(user.metadata).name).sort()).toEqual(
      services.flatMap(({ name }) => [`${name}-api`, `${name}-worker`]).sort(),
    );
  });

  it('writes only what the KafkaUser CRD of Strimzi accepts', () => {
    const unknown = (object: Json, allowed: string[], path: string) =>
      Object.keys(object)
        .filter((key) => !allowed.includes(key))
        .map((key) => `${path}.${key}`);
    for (const user of users) {
      const spec = asRecord(user.spec);
      const authorization = asRecord(spec.authorization);
      const acls = authorization.acls as Json[];
      expect([
        ...unknown(user, crd.keys.root, ''),
        ...unknown(spec, crd.keys.spec, '.spec'),
        ...unknown(authorization, crd.keys.authorization, '.spec.authorization'),
        ...acls.flatMap((acl) => [
          ...unknown(acl, crd.keys.acl, '.acls[]'),
          ...unknown(asRecord(acl.resource), crd.keys.resource, '.acls[].resource'),
        ]),
      ]).toEqual([]);
      expect(user).toMatchObject({ apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaUser' });
      expect(crd.authenticationTypes).toContain(asRecord(spec.authentication).type);
      expect(authorization.type).toBe('simple');
      for (const acl of acls) {
        const resource = asRecord(acl.resource);
        expect(crd.resourceTypes).toContain(resource.type);
        expect(crd.patternTypes).toContain(resource.patternType);
        expect(resource.name).toEqual(expect.any(String));
        for (const operation of acl.operations as string[])
          expect(crd.operations).toContain(operation);
      }
    }
  });

  it('grants the same ACLs in the KafkaUsers and in grant-acls.sh', () => {
    const fromUsers = grantsOfUsers(users);
    expect(fromUsers.length).toBeGreaterThan(0);
    expect(grantsOfScript(files['grant-acls.sh'])).toEqual(fromUsers);
  });

  it("names each worker's group as the workers join it (ConsumerGroups)", () => {
    expect(services.map((s) => s.workerGroup).sort()).toEqual(Object.values(ConsumerGroups).sort());
    const groups = grantsOfUsers(users).filter((grant) => grant.split(' ')[1] === 'group');
    expect(groups).toEqual(services.map((s) => `${s.workerGroup} group ${s.workerGroup} Read`));
  });
});
