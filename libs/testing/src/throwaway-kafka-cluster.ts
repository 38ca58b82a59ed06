import { randomBytes } from 'node:crypto';
import { freePort } from './app-process';
import { ThrowawayKafka } from './throwaway-kafka';

/**
 * Runs a KRaft cluster of `size` throwaway brokers (each broker and controller) on free ports of
 * 127.0.0.1, with Kafka's internal topics replicated on up to three of them; a test may SIGKILL
 * one node and start it again (`node(id)`). `destroy()` kills every node and deletes its data.
 */
export class ThrowawayKafkaCluster {
  private members: ThrowawayKafka[] = [];

  constructor(private readonly size = 3) {}

  /** Returns every node's bootstrap address, in node id order. */
  get brokers(): string[] {
    return this.members.map((member) => member.broker);
  }

  /**
   * Returns the node of a node id (1 to `size`).
   * @throws Error when there is no such node.
   */
  node(nodeId: number): ThrowawayKafka {
    const member = this.members[nodeId - 1];
    if (!member) throw new Error(`ThrowawayKafkaCluster: no node ${nodeId}; start() it first.`);
    return member;
  }

  /** Starts every node together (a quorum forms only when a majority runs). */
  async start(): Promise<void> {
    if (this.members.length === 0) {
      const ports = [];
      for (let id = 1; id <= this.size; id++)
        ports.push({ id, port: await freePort(), controllerPort: await freePort() });
      const voters = ports.map((p) => `${p.id}@127.0.0.1:${p.controllerPort}`).join(',');
      // A cluster id is a UUID in URL-safe base64, as `kafka-storage random-uuid` prints it; like
      // Kafka's own, ours never starts with '-', which command lines would read as an option.
      const clusterId = clusterUuid();
      const replicas = Math.min(3, this.size);
      this.members = ports.map(
        (p) =>
          new ThrowawayKafka({
            member: {
              nodeId: p.id,
              port: p.port,
              controllerPort: p.controllerPort,
              voters,
              clusterId,
              replicas,
            },
          }),
      );
    }
    await Promise.all(this.members.map((member) => member.start()));
  }

  /** Kills every node and deletes their data. */
  async destroy(): Promise<void> {
    await Promise.all(this.members.map((member) => member.destroy()));
    this.members = [];
  }
}

/** A random cluster id that does not start with '-' (Kafka's `Uuid.randomUuid` rule). */
export function clusterUuid(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
