import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process';
import { makeTestCertificates, TestCertificates } from './test-certificates';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

/** One node's place in a cluster of throwaway brokers (`ThrowawayKafkaCluster` makes them). */
export interface ThrowawayKafkaMember {
  readonly nodeId: number;
  readonly port: number;
  readonly controllerPort: number;
  /** `controller.quorum.voters` of the whole cluster. */
  readonly voters: string;
  readonly clusterId: string;
  /** Replication factor of Kafka's internal topics (their min ISR is at most 2). */
  readonly replicas: number;
}

/** What a throwaway broker offers beside a plaintext single node. */
export interface ThrowawayKafkaOptions {
  /**
   * Adds a `SASL_SSL` listener beside the plaintext one: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
   * for `THROWAWAY_KAFKA_USER`, and OAUTHBEARER for any unsecured JWT (`alg: none`) with a `sub`,
   * an `exp` still to come and the scope `THROWAWAY_KAFKA_OAUTH_SCOPE` (Kafka's built-in validator
   * for development, never for production).
   */
  readonly secure?: boolean;
  /**
   * Turns Kafka's authorizer on (KRaft's `StandardAuthorizer`, nothing allowed without an ACL):
   * only the super users, `THROWAWAY_KAFKA_USER` and the plaintext listeners' `ANONYMOUS` (the
   * controller, the broker to itself, a test's setup), may do anything else.
   */
  readonly acls?: boolean;
  /** More users of the `SASL_SSL` listener (PLAIN and SCRAM) beside `THROWAWAY_KAFKA_USER`. */
  readonly users?: readonly KafkaUser[];
  /** Makes this broker one node of a cluster instead of a cluster of one. */
  readonly member?: ThrowawayKafkaMember;
}

/** A SASL user of a secured throwaway broker. */
export interface KafkaUser {
  readonly username: string;
  readonly password: string;
}

/**
 * The heartbeat interval and session timeout a throwaway broker gives KIP-848 group members, as
 * the local stack's (`tools/stack/env.sh`): shorter than Kafka's defaults (5 s, 45 s), so that a
 * moved partition waits about a second and a killed member is evicted after 10 s.
 */
const KIP_848_TIMINGS = [
  'group.consumer.heartbeat.interval.ms=1000',
  'group.consumer.min.heartbeat.interval.ms=1000',
  'group.consumer.session.timeout.ms=10000',
  'group.consumer.min.session.timeout.ms=10000',
];

/** The scope an OAUTHBEARER token must carry for a secured throwaway broker to take it. */
export const THROWAWAY_KAFKA_OAUTH_SCOPE = 'kafka';

/** The user every SASL mechanism of a secured throwaway broker knows. */
export const THROWAWAY_KAFKA_USER = { username: 'app', password: 'app-secret' } as const;

/**
 * Runs a single-node KRaft Kafka broker of one test's own on free ports of 127.0.0.1, from the
 * jars `tools/stack/up` resolved, which the test may SIGKILL and start again on the same ports
 * and data (a broker outage). `destroy()` kills it and deletes its directory. With `secure`, a
 * `SASL_SSL` listener (`secureBroker`) serves a certificate of a private CA (`certificates`).
 */
export class ThrowawayKafka {
  private dir?: string;
  private port?: number;
  private securePort?: number;
  private controllerPort?: number;
  private child?: ChildProcess;
  private tls?: TestCertificates;

  constructor(private readonly options: ThrowawayKafkaOptions = {}) {}

  /**
   * Returns the `SASL_SSL` bootstrap address.
   * @throws Error when the broker was not started with `secure`.
   */
  get secureBroker(): string {
    if (this.securePort === undefined)
      throw new Error('ThrowawayKafka: start() it with { secure: true } first.');
    return `127.0.0.1:${this.securePort}`;
  }

  /**
   * Returns the files of the CA that signed the `SASL_SSL` listener's certificate.
   * @throws Error when the broker was not started with `secure`.
   */
  get certificates(): TestCertificates {
    if (!this.tls) throw new Error('ThrowawayKafka: start() it with { secure: true } first.');
    return this.tls;
  }

  /**
   * Returns the bootstrap address; it stays the same across restarts.
   * @throws Error when the broker was never started.
   */
  get broker(): string {
    if (this.port === undefined) throw new Error('ThrowawayKafka: start() it first.');
    return `127.0.0.1:${this.port}`;
  }

  /**
   * Starts the broker (the first call formats its storage); resolves once it accepts connections.
   * @throws Error with the tail of its output when it does not come up within a minute.
   */
  async start(): Promise<void> {
    if (this.child) return;
    if (this.dir === undefined) await this.create();
    const out = this.path('broker.out');
    const log = openSync(out, 'a');
    const args = this.javaArgs('kafka.Kafka', this.path('server.properties'));
    try {
      this.child = spawn('java', args, { stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    const deadline = Date.now() + 60_000;
    while (!(await accepts(this.port!))) {
      if (Date.now() > deadline || this.child.exitCode !== null) {
        const tail = (await readFile(out, 'utf8').catch(() => '')).split('\n').slice(-20);
        await this.kill();
        throw new Error(`Throwaway Kafka did not start:\n${tail.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Kills the broker with SIGKILL, as a crash would; resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Freezes the broker (SIGSTOP): its connections stay open and nothing answers, as in a network partition. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a frozen broker go on (SIGCONT). */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills the broker and deletes its data. */
  async destroy(): Promise<void> {
    await this.kill();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private async create(): Promise<void> {
    if (!existsSync(join(libsDir(), '.resolved'))) {
      throw new Error('Kafka jars missing: run tools/stack/up first.');
    }
    this.dir = await mkdtemp(join(tmpdir(), 'throwaway-kafka-'));
    const { member } = this.options;
    this.port = member?.port ?? (await freePort());
    this.controllerPort = member?.controllerPort ?? (await freePort());
    const host = '127.0.0.1';
    const replicas = member?.replicas ?? 1;
    const minIsr = Math.min(2, replicas);
    const listeners = [`PLAINTEXT://${host}:${this.port}`];
    let secured: string[] = [];
    if (this.options.secure) {
      this.securePort = await freePort();
      this.tls = await makeTestCertificates(this.path('tls'));
      listeners.push(`SASL_SSL://${host}:${this.securePort}`);
      secured = saslSslListener(this.tls, this.options.users ?? []);
    }
    await writeFile(
      this.path('server.properties'),
      [
        'process.roles=broker,controller',
        `node.id=${member?.nodeId ?? 1}`,
        `controller.quorum.voters=${member?.voters ?? `1@${host}:${this.controllerPort}`}`,
        `listeners=${[...listeners, `CONTROLLER://${host}:${this.controllerPort}`].join(',')}`,
        `advertised.listeners=${listeners.join(',')}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
        ...secured,
        ...(this.options.acls ? authorizer() : []),
        `log.dirs=${this.path('data')}`,
        'auto.create.topics.enable=false',
        `offsets.topic.replication.factor=${replicas}`,
        'offsets.topic.num.partitions=1',
        `transaction.state.log.replication.factor=${replicas}`,
        `transaction.state.log.min.isr=${minIsr}`,
        `share.coordinator.state.topic.replication.factor=${replicas}`,
        `share.coordinator.state.topic.min.isr=${minIsr}`,
        'group.initial.rebalance.delay.ms=0',
        ...KIP_848_TIMINGS,
        // A SIGKILLed broker's registration blocks its restart until its session expires (9 s
        // by default): short enough that a restarted test broker is back in a few seconds.
        'broker.heartbeat.interval.ms=500',
        'broker.session.timeout.ms=2000',
      ].join('\n'),
    );
    const clusterId =
      member?.clusterId ??
      (await run('java', this.javaArgs('kafka.tools.StorageTool', 'random-uuid'))).stdout
        .trim()
        .split('\n')
        .at(-1) ??
      '';
    await run(
      'java',
      this.javaArgs(
        'kafka.tools.StorageTool',
        'format',
        // `=` keeps an id that starts with '-' (base64url allows it) from reading as an option.
        `--cluster-id=${clusterId}`,
        '-c',
        this.path('server.properties'),
        ...(this.options.secure ? scramUsers(this.options.users ?? []) : []),
      ),
    );
  }

  /** The JVM's arguments to run `main` from the stack's Kafka jars. */
  private javaArgs(main: string, ...args: string[]): string[] {
    return [
      '-Xmx384m',
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(ROOT, 'tools', 'stack', 'log4j2.properties')}`,
      `-Dkafka.logs.dir=${this.path('logs')}`,
      '-cp',
      `${libsDir()}/*`,
      main,
      ...args,
    ];
  }

  private path(name: string): string {
    return join(this.dir ?? '.', name);
  }
}

/**
 * The broker settings of a `SASL_SSL` listener that knows `THROWAWAY_KAFKA_USER` and `users` by
 * PLAIN (their SCRAM credentials are created with the storage) and takes unsecured OAUTHBEARER
 * tokens.
 */
function saslSslListener(tls: TestCertificates, users: readonly KafkaUser[]): string[] {
  const plainUsers = [THROWAWAY_KAFKA_USER, ...users]
    .map(({ username, password }) => `user_${username}="${password}"`)
    .join(' ');
  const prefix = 'listener.name.sasl_ssl';
  return [
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
    `${prefix}.ssl.keystore.type=PKCS12`,
    `${prefix}.ssl.keystore.location=${tls.pkcs12File}`,
    `${prefix}.ssl.keystore.password=${tls.storePassword}`,
    `${prefix}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    `${prefix}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${prefix}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    // The login module's own (unsecured) token is the broker's, never sent: no broker speaks OAUTHBEARER to another.
    `${prefix}.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker" unsecuredValidatorRequiredScope="${THROWAWAY_KAFKA_OAUTH_SCOPE}";`,
    `${prefix}.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler`,
  ];
}

/** The `StorageTool format` arguments that create the SCRAM credentials of `THROWAWAY_KAFKA_USER` and `users`. */
function scramUsers(users: readonly KafkaUser[]): string[] {
  return [THROWAWAY_KAFKA_USER, ...users].flatMap(({ username, password }) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => [
      '--add-scram',
      `${mechanism}=[name=${username},password=${password}]`,
    ]),
  );
}

/**
 * The broker settings that enforce ACLs. In KRaft the controller authorizes the broker's own
 * requests too, and the plaintext listeners (controller, inter-broker) authenticate no one:
 * `ANONYMOUS` must be a super user or the node cannot talk to itself.
 * @see https://kafka.apache.org/documentation/#security_authz
 */
function authorizer(): string[] {
  return [
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    `super.users=User:ANONYMOUS;User:${THROWAWAY_KAFKA_USER.username}`,
    'allow.everyone.if.no.acl.found=false',
  ];
}

/** Where `tools/stack/up` put the Kafka jars (it honours STACK_DIR, as this does). */
function libsDir(): string {
  return join(process.env.STACK_DIR ?? join(ROOT, '.stack'), 'kafka', 'libs');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
