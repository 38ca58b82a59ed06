import { call, note, poll, step } from './demo-http';

interface FlowHop {
  service: string;
  kind: string;
  type: string;
  sincePreviousMs: number;
  sinceStartMs: number;
}

interface Flow {
  flow: string;
  state: string;
  durationMs?: number;
  hops: FlowHop[];
}

/** A request the demo made, by the tracking id its flow is correlated by. */
export interface TrackedRequest {
  readonly what: string;
  readonly trackingId: string;
}

/**
 * The flows view: what happened to each request, across every service it crossed, hop by hop
 * with the latency since the previous hop and since the request; and nothing stuck.
 */
export async function flowsSteps(
  flows: string,
  requests: readonly TrackedRequest[],
): Promise<void> {
  step('21. The flows view: what happened to a request, hop by hop across services');
  for (const { what, trackingId } of requests) {
    const flow = await poll<Flow>(
      `${flows}/flows/${encodeURIComponent(trackingId)}`,
      (body, status) => status === 200 && body.state !== 'running',
      `the flow of ${what} has ended`,
    );
    note(
      `${what}: ${flow.flow}, ${flow.state} ${flow.durationMs} ms after its request ` +
        `(GET /flows/${trackingId})`,
    );
    console.log(`    ${'since prev'.padStart(10)} ${'since start'.padStart(11)}  service    hop`);
    for (const hop of flow.hops) {
      console.log(
        `    ${`+${hop.sincePreviousMs} ms`.padStart(10)} ${`${hop.sinceStartMs} ms`.padStart(11)}  ` +
          `${hop.service.padEnd(10)} ${hop.kind.padEnd(11)} ${hop.type}`,
      );
    }
  }
  const stuck = await call<{ items: unknown[] }>('GET', `${flows}/flows?state=stuck`);
  note(`${stuck.body.items.length} flows stuck: nothing needs a person`);
}
