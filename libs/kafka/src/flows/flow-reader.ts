import { logLevel } from 'kafkajs';
import { BrokerSecurity } from '../broker/broker-security';
import { kafkaClient } from '../kafkajs/kafkajs-broker';
import { readTopic } from '../kafkajs/read-topic';
import { flowLines, FlowHop, hopOf, isInFlow } from './flow-hop';

/**
 * Reads `topics` from the beginning to their ends and returns the lines that show the flow `id`
 * names (a correlation id or a trace id): every event of it, each under the event that caused it.
 */
export async function readFlow(
  brokers: readonly string[],
  topics: readonly string[],
  id: string,
  security?: BrokerSecurity,
): Promise<string[]> {
  const kafka = kafkaClient(
    { clientId: 'flows-tool', brokers: [...brokers], logLevel: logLevel.ERROR },
    security,
  );
  const hops: FlowHop[] = [];
  for (const topic of topics) {
    for (const record of await readTopic(kafka, topic, 'flows-tool')) {
      const hop = hopOf(topic, record);
      if (hop && isInFlow(hop, id)) hops.push(hop);
    }
  }
  return flowLines(id, hops);
}
