import { EntityManager } from 'typeorm';
import { FlowHopEntity } from './flow-hop.entity';
import { FlowHop } from './flow-inputs';
import { FlowEntity } from './flow.entity';
import {
  cancellingLinksOf,
  FlowState,
  FlowStates,
  FlowSummary,
  Hop,
  HopKinds,
  StoredFlowState,
  summarize,
} from './flow-rules';

/** What recording a hop did to its flow: its stored state before (none: a new flow) and after. */
export interface FlowTransition {
  readonly before?: StoredFlowState;
  readonly after: FlowSummary;
}

/** A flow and its hops, as the view holds them. */
export interface StoredFlow {
  readonly flow: FlowEntity;
  readonly hops: readonly Hop[];
}

/** How to list flows: those in one state at the time of asking, at most `limit`, oldest last hop first. */
export interface FlowFilter {
  readonly state?: FlowState;
  readonly limit: number;
  readonly stuckAfterSeconds: number;
}

/**
 * The flows view in PostgreSQL: the hops of each flow and a summary row per flow, kept in step
 * in the worker's transaction and read by the API and the metrics.
 */
export class FlowViewRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Records a hop (once: a copy seen again changes nothing) and summarizes its flow again from
   * all its hops; answers what that did to its flow first, then to each flow the hop cancels.
   * Hops of one flow arrive on several partitions at once: a lock per flow makes each summary
   * read the hops the others committed. A cancelling fact and the fact naming the subject it
   * cancels (`cancellingLinksOf`) meet whichever is recorded first: each takes a lock on its
   * subject before its flow's, and looks for the other; the cancelling fact becomes a hop of the
   * flow it cancels too, marked with the flow it comes from.
   */
  async record({ correlationId, hop }: FlowHop): Promise<FlowTransition[]> {
    const links = cancellingLinksOf(hop);
    if (links.by.length + links.subjectOf.length > 0) await this.lock(`subject/${hop.subject}`);
    await this.lock(correlationId);
    await this.insertHop(correlationId, hop);
    const cancelling = await this.hopsAbout(
      hop,
      correlationId,
      links.subjectOf.map((link) => link.by),
    );
    for (const other of cancelling)
      await this.insertHop(correlationId, {
        ...FlowHopEntity.toHop(other),
        fromFlow: other.correlationId,
      });
    const transitions = [await this.summarizeAgain(correlationId)];
    const cancelled = await this.hopsAbout(
      hop,
      correlationId,
      links.by.map((link) => link.subjectOf),
    );
    for (const target of new Set(cancelled.map((other) => other.correlationId))) {
      await this.lock(target);
      await this.insertHop(target, { ...hop, fromFlow: correlationId });
      transitions.push(await this.summarizeAgain(target));
    }
    return transitions;
  }

  /** Reads a flow and its hops; undefined when no hop of it was seen. */
  async find(correlationId: string): Promise<StoredFlow | undefined> {
    const flow = await this.manager.findOneBy(FlowEntity, { correlationId });
    return flow ? { flow, hops: await this.hopsOf(correlationId) } : undefined;
  }

  /**
   * Lists flows, in one state when asked: `stuck` and `running` are told apart by the time of
   * their last hop (an acknowledged flow stays stuck, and shows who took care of it).
   */
  async list(filter: FlowFilter): Promise<FlowEntity[]> {
    const query = this.manager
      .createQueryBuilder(FlowEntity, 'f')
      .orderBy('f.last_hop_at', 'ASC')
      .limit(filter.limit);
    const stale = `f.last_hop_at < now() - make_interval(secs => :stuckAfter)`;
    const params = { stuckAfter: filter.stuckAfterSeconds, running: FlowStates.running };
    if (filter.state === FlowStates.stuck) query.where(`f.state = :running AND ${stale}`, params);
    else if (filter.state === FlowStates.running)
      query.where(`f.state = :running AND NOT ${stale}`, params);
    else if (filter.state) query.where('f.state = :state', { state: filter.state });
    return query.getMany();
  }

  /**
   * Counts the stuck flows of each flow type no person acknowledged, for the gauge (and its
   * alert): every flow type the view knows has its count, 0 when none is stuck.
   */
  async stuckCounts(stuckAfterSeconds: number): Promise<{ flow: string; count: number }[]> {
    // The types by a loose index scan (a few rows, however many flows); the stuck ones by the
    // partial index of running flows.
    const rows: { flow: string; count: string }[] = await this.manager.query(
      `WITH RECURSIVE types AS (
         (SELECT flow FROM flows ORDER BY flow LIMIT 1)
         UNION ALL
         SELECT (SELECT f.flow FROM flows f WHERE f.flow > t.flow ORDER BY f.flow LIMIT 1)
           FROM types t WHERE t.flow IS NOT NULL
       ), stuck AS (
         SELECT flow, count(*) AS count FROM flows
          WHERE state = $1 AND acknowledged_at IS NULL
            AND last_hop_at < now() - make_interval(secs => $2)
          GROUP BY flow
       )
       SELECT t.flow, COALESCE(s.count, 0) AS count
         FROM types t LEFT JOIN stuck s ON s.flow = t.flow
        WHERE t.flow IS NOT NULL`,
      [FlowStates.running, stuckAfterSeconds],
    );
    return rows.map((row) => ({ flow: row.flow, count: Number(row.count) }));
  }

  /** Records that a person took care of a flow; resolves false when no such flow was seen. */
  async acknowledge(correlationId: string, note: string, at: Date): Promise<boolean> {
    const updated: [unknown[], number] = await this.manager.query(
      `UPDATE flows SET acknowledged_at = $2, acknowledgement = $3 WHERE correlation_id = $1`,
      [correlationId, at, note],
    );
    return updated[1] > 0;
  }

  private async lock(name: string): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [name]);
  }

  private async insertHop(correlationId: string, hop: Hop): Promise<void> {
    await this.manager.query(
      `INSERT INTO flow_hops (correlation_id, topic, event_id, type, service, kind, occurred_at,
                              causation_id, subject, from_correlation_id, dead_letter_code,
                              dead_letter_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING`,
      [
        correlationId,
        hop.topic,
        hop.eventId,
        hop.type,
        hop.service,
        hop.kind,
        hop.time,
        hop.causationId ?? null,
        hop.subject ?? null,
        hop.fromFlow ?? null,
        hop.deadLetter?.code ?? null,
        hop.deadLetter?.reason ?? null,
      ],
    );
  }

  /** Reads the facts of other flows than `correlationId` of `types` about `hop`'s subject. */
  private async hopsAbout(
    hop: Hop,
    correlationId: string,
    types: readonly string[],
  ): Promise<FlowHopEntity[]> {
    if (types.length === 0) return [];
    return this.manager
      .createQueryBuilder(FlowHopEntity, 'h')
      .where('h.subject = :subject AND h.type IN (:...types) AND h.kind = :fact', {
        subject: hop.subject,
        types,
        fact: HopKinds.fact,
      })
      .andWhere('h.from_correlation_id IS NULL AND h.correlation_id <> :correlationId', {
        correlationId,
      })
      .getMany();
  }

  /** Summarizes a flow again from all its hops, and stores the summary. */
  private async summarizeAgain(correlationId: string): Promise<FlowTransition> {
    const hops = await this.hopsOf(correlationId);
    const before = await this.manager.findOneBy(FlowEntity, { correlationId });
    const after = summarize(hops);
    await this.manager.query(
      `INSERT INTO flows (correlation_id, flow, state, started_at, last_hop_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (correlation_id) DO UPDATE SET flow = $2, state = $3, started_at = $4,
         last_hop_at = $5, ended_at = $6`,
      [
        correlationId,
        after.flow,
        after.state,
        after.startedAt,
        after.lastHopAt,
        after.endedAt ?? null,
      ],
    );
    return before ? { before: before.state, after } : { after };
  }

  private async hopsOf(correlationId: string): Promise<Hop[]> {
    const rows = await this.manager.findBy(FlowHopEntity, { correlationId });
    return rows.map((row) => FlowHopEntity.toHop(row));
  }
}
