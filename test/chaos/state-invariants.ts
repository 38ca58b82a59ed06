import { DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { entityIdFor } from '@app/requests';
import { ChaosEvidence, originalTopicOf } from './chaos-evidence';
import { InvariantResult, verdict } from './invariant-result';

/**
 * Money is conserved and settled: confirmed balances sum to the deposits with nothing in flight,
 * none below zero, each the sum of its ledger lines, each payment's lines those of its end, one
 * deposit line per accepted deposit and one payment per accepted payment request.
 */
export async function moneyConserved(evidence: ChaosEvidence): Promise<InvariantResult> {
  const s = evidence.schemas.payments;
  const failures: string[] = [];
  const [totals] = await evidence.query<Record<string, string>>(
    `SELECT (SELECT COALESCE(sum(balance), 0) FROM ${s}.accounts) AS confirmed,
            (SELECT COALESCE(sum(amount), 0) FROM ${s}.account_entries WHERE kind = 'deposit') AS deposits,
            (SELECT count(*) FROM ${s}.payments WHERE status NOT IN ('completed', 'failed')) AS open,
            (SELECT count(*) FROM ${s}.accounts WHERE balance < 0) AS negative,
            (SELECT count(*) FROM ${s}.accounts a WHERE a.balance <> (SELECT COALESCE(sum(amount), 0)
               FROM ${s}.account_entries e WHERE e.account_id = a.account_id)) AS unbalanced,
            (SELECT count(*) FROM ${s}.payments) AS payments,
            (SELECT count(*) FROM ${s}.account_entries WHERE kind = 'deposit') AS deposit_lines`,
  );
  if (totals.confirmed !== totals.deposits)
    failures.push(`confirmed ${totals.confirmed} <> deposits ${totals.deposits}`);
  if (totals.open !== '0') failures.push(`${totals.open} payments still open when idle`);
  if (totals.negative !== '0') failures.push(`${totals.negative} accounts below zero`);
  if (totals.unbalanced !== '0')
    failures.push(`${totals.unbalanced} accounts whose balance is not the sum of their lines`);
  const shapes = await evidence.query<{ payment_id: string; shape: string }>(
    `SELECT p.payment_id, p.status || ':' || COALESCE(string_agg(e.kind, ',' ORDER BY e.kind), '') AS shape
       FROM ${s}.payments p LEFT JOIN ${s}.account_entries e USING (payment_id)
      GROUP BY p.payment_id, p.status`,
  );
  const allowed = new Set(['completed:credit,debit', 'failed:', 'failed:debit,reversal']);
  for (const { payment_id, shape } of shapes)
    if (!allowed.has(shape)) failures.push(`payment ${payment_id}: ledger lines ${shape}`);

  const accepted = new Set(
    (
      await evidence.query<{ tracking_id: string }>(
        `SELECT tracking_id FROM ${s}.request_outcomes WHERE status = 'accepted'`,
      )
    ).map((row) => row.tracking_id),
  );
  const deposits = evidence.requests.filter(
    (r) => r.op === 'deposit' && accepted.has(r.trackingId),
  );
  const lines = await evidence.query<{ deposit_id: string; n: string }>(
    `SELECT deposit_id, count(*) AS n FROM ${s}.account_entries WHERE kind = 'deposit' GROUP BY deposit_id`,
  );
  const linesOf = new Map(lines.map((row) => [row.deposit_id, Number(row.n)]));
  for (const deposit of deposits) {
    const n = linesOf.get(entityIdFor(deposit.trackingId, 'deposits')) ?? 0;
    if (n !== 1) failures.push(`deposit ${deposit.trackingId}: ${n} ledger lines`);
  }
  const completed = new Set(
    (
      await evidence.query<{ payment_id: string }>(
        `SELECT payment_id FROM ${s}.payments WHERE status = 'completed'`,
      )
    ).map((row) => row.payment_id),
  );
  const payments = evidence.requests.filter(
    (r) => r.op === 'payment' && accepted.has(r.trackingId),
  );
  for (const payment of payments)
    if (!completed.has(entityIdFor(payment.trackingId, 'payments')))
      failures.push(`payment ${payment.trackingId}: accepted, not completed`);
  return verdict(
    'money conserved, none negative, nothing in flight',
    `${totals.payments} payments, ${totals.deposit_lines} deposits (${deposits.length} asked for and accepted), ${payments.length} payments asked for and completed, confirmed ${totals.confirmed} = deposits ${totals.deposits}`,
    failures,
  );
}

/** Nothing is left to publish: every service's outbox is empty and nothing was set aside. */
export async function nothingLeftToPublish(evidence: ChaosEvidence): Promise<InvariantResult> {
  const failures: string[] = [];
  for (const [service, schema] of Object.entries(evidence.schemas)) {
    const [row] = await evidence.query<{ outbox: string; unpublishable: string }>(
      `SELECT (SELECT count(*) FROM ${schema}.outbox) AS outbox,
              (SELECT count(*) FROM ${schema}.outbox_unpublishable) AS unpublishable`,
    );
    if (row.outbox !== '0') failures.push(`${service}: ${row.outbox} outbox rows unpublished`);
    if (row.unpublishable !== '0')
      failures.push(`${service}: ${row.unpublishable} events set aside as unpublishable`);
  }
  return verdict(
    'nothing left in any outbox',
    `${Object.keys(evidence.schemas).length} services`,
    failures,
  );
}

/** Orders' and shipping's replicas of customers equal customers' view, version for version. */
export async function replicasEqualOwner(evidence: ChaosEvidence): Promise<InvariantResult> {
  const { customers, orders, shipping } = evidence.schemas;
  const failures: string[] = [];
  const owner = new Map(
    (
      await evidence.query<{ customer_id: string; version: number }>(
        `SELECT customer_id, version FROM ${customers}.customers`,
      )
    ).map((row) => [row.customer_id, row.version]),
  );
  const replicas = {
    orders: `SELECT customer_id, version, deleted FROM ${orders}.customer_replicas`,
    shipping: `SELECT customer_id, version, deleted FROM ${shipping}.customer_addresses`,
  };
  for (const [name, sql] of Object.entries(replicas)) {
    const rows = await evidence.query<{ customer_id: string; version: number; deleted: boolean }>(
      sql,
    );
    const replica = new Map(rows.map((row) => [row.customer_id, row]));
    for (const [id, version] of owner) {
      const copy = replica.get(id);
      if (!copy) failures.push(`${name}: customer ${id} v${version} missing`);
      else if (copy.deleted || copy.version !== version)
        failures.push(
          `${name}: customer ${id} v${copy.version}${copy.deleted ? ' deleted' : ''}, owner v${version}`,
        );
    }
    for (const row of rows)
      if (!owner.has(row.customer_id) && !row.deleted)
        failures.push(`${name}: customer ${row.customer_id} unknown to its owner`);
  }
  return verdict(
    "replicas equal customers' view, version for version",
    `${owner.size} customers compared in 2 replicas`,
    failures,
  );
}

/**
 * The dead-letter topics hold exactly the bad input that was sent, each with a reason: in the DLQ
 * of each reader of its topic, once. Never a dead letter of a dead letter: a reader of DLQs (the
 * flows worker) skips a record that names no flow, as bad input written by hand names none.
 */
export async function deadLettersAreTheBadInput(evidence: ChaosEvidence): Promise<InvariantResult> {
  const failures: string[] = [];
  const sent = new Map(evidence.badInputs.map((bad) => [bad.key, bad]));
  const found = new Set<string>();
  const writes = new Map<string, Set<string>>();
  let letters = 0;
  for (const [topic, records] of evidence.topics) {
    if (!topic.endsWith('.dlq')) continue;
    for (const record of records) {
      letters++;
      const bad = record.key === null ? undefined : sent.get(record.key);
      if (!bad) {
        failures.push(
          `${topic}: unexpected dead letter key ${record.key} (${originalTopicOf(record)})`,
        );
        continue;
      }
      found.add(bad.key);
      // A dead letter published again keeps its headers; one written twice has two failure times.
      // Each reader of a topic (its owner, an observer) dead-letters into a DLQ of its own.
      const original = `${topic}: ${originalTopicOf(record)}/${record.headers[DeadLetterHeaders.originalPartition]}/${record.headers[DeadLetterHeaders.originalOffset]}`;
      writes.set(
        original,
        (writes.get(original) ?? new Set<string>()).add(
          record.headers[DeadLetterHeaders.failedAt] ?? '',
        ),
      );
      const from = originalTopicOf(record);
      if (from === deadLetterTopicOf(bad.topic))
        failures.push(`${topic}: ${bad.key} is a dead letter of its dead letter in ${from}`);
      else if (from !== bad.topic)
        failures.push(`${topic}: ${bad.key} from ${from}, sent to ${bad.topic}`);
      if (!record.headers[DeadLetterHeaders.errorMessage])
        failures.push(`${topic}: ${bad.key} has no reason`);
    }
  }
  for (const [original, times] of writes)
    if (times.size > 1) failures.push(`${original} dead-lettered ${times.size} times`);
  for (const bad of sent.values())
    if (!found.has(bad.key))
      failures.push(`${bad.topic}: ${bad.kind} ${bad.key} not dead-lettered`);
  return verdict(
    'DLQs hold exactly the bad input sent',
    `${sent.size} bad events sent, ${letters} dead letters`,
    failures,
  );
}
