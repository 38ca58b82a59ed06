import { ServiceDefinition } from '@app/service';
import { ChaosLandscape } from './chaos-landscape';

/** One request sent, as the checker reads it: what was asked and the answer that ended it. */
export interface RecordedRequest {
  readonly seq: number;
  /** Milliseconds since the run began, when it was first sent. */
  readonly at: number;
  readonly op: string;
  readonly service: string;
  readonly method: string;
  readonly path: string;
  /** The Idempotency-Key sent with every attempt: the request's tracking id. */
  readonly trackingId: string;
  /** The last answer's status; 0 when no replica answered before the deadline. */
  readonly status: number;
  /** Attempts it took (a replica that died or a 5xx makes the client send it again). */
  readonly attempts: number;
  /** The answer's `status` field (`rejected` from the worker, `pending`, ...) and code, if any. */
  readonly answer?: string;
  readonly code?: string;
}

/** How long a client keeps retrying one request across replicas and outages. */
const GIVE_UP_MS = 180_000;
/** What `Prefer: wait` asks for: most outcomes arrive within it, the rest answer 202. */
const PREFER = 'wait=5';

/**
 * Sends requests to the landscape's APIs as a careful client does: each with an Idempotency-Key,
 * to any running replica, sent again with the same key after a connection error or a 5xx until a
 * replica answers, so that a dead replica or an outage never leaves a request without an answer.
 */
export class LandscapeClient {
  readonly requests: RecordedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly landscape: ChaosLandscape,
    private readonly began: number,
  ) {}

  /** Sends one request and records it; returns the last answer's status and body. */
  async send<T = Record<string, unknown>>(
    service: ServiceDefinition,
    op: string,
    method: string,
    path: string,
    body: unknown,
    trackingId: string,
  ): Promise<{ status: number; body: T | null }> {
    const at = Date.now() - this.began;
    const deadline = Date.now() + GIVE_UP_MS;
    let attempts = 0;
    let answer: { status: number; body: T | null } = { status: 0, body: null };
    while (Date.now() < deadline) {
      attempts++;
      const urls = this.landscape.apiUrls(service);
      if (urls.length > 0) {
        answer = await attempt<T>(urls[attempts % urls.length], method, path, body, trackingId);
        if (answer.status !== 0 && answer.status < 500 && answer.status !== 429) break;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * attempts)));
    }
    const fields = (answer.body ?? {}) as { status?: unknown; code?: unknown };
    this.requests.push({
      seq: this.seq++,
      at,
      op,
      service: service.name,
      method,
      path,
      trackingId,
      status: answer.status,
      attempts,
      answer: typeof fields.status === 'string' ? fields.status : undefined,
      code: typeof fields.code === 'string' ? fields.code : undefined,
    });
    return answer;
  }
}

async function attempt<T>(
  url: string,
  method: string,
  path: string,
  body: unknown,
  trackingId: string,
): Promise<{ status: number; body: T | null }> {
  try {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': trackingId,
        prefer: PREFER,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: T | null = null;
    try {
      parsed = text ? (JSON.parse(text) as T) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed };
  } catch {
    return { status: 0, body: null };
  }
}
