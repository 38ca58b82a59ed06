import { FAULT_KINDS } from './chaos-faults';
import { ChaosReport } from './chaos-run';
import { resultTable } from './invariant-result';

/** Describes a run: its faults by kind, its requests by answer, and the invariants' table. */
export function summarize(report: ChaosReport): string {
  const byStatus = new Map<number, number>();
  for (const request of report.requests)
    byStatus.set(request.status, (byStatus.get(request.status) ?? 0) + 1);
  const retried = report.requests.filter((request) => request.attempts > 1).length;
  const faults = FAULT_KINDS.map((kind) => `${kind} ${report.faultCounts[kind]}`).join(', ');
  const failed = report.faults.filter((fault) => fault.detail.startsWith('failed')).length;
  const statuses = [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  return [
    `Seed ${report.seed}, ${report.minutes} minutes of workload (${report.senders} senders aiming at ${report.perSecond} requests/s) and faults, drained in ${report.drainSeconds} s.`,
    '',
    `- Faults: ${report.faults.length} (${faults})${failed ? `, ${failed} of them failed to complete` : ''}.`,
    `- Requests over HTTP: ${report.requests.length} (${statuses}); ${retried} sent more than once (same Idempotency-Key) after a replica died or answered 5xx.`,
    `- Bad events written with kcat: ${report.badEvents}.`,
    '',
    resultTable(report.results),
  ].join('\n');
}
