/**
 * What became of one handled event, the `outcome` label of `events_handled_total`:
 * `applied` (its effects were written), `duplicate` (a tracked request already had an outcome),
 * `skipped` (below the partition's stored position), `unhandled` (no handler takes its type:
 * a fact of another service the worker does not use), `dead_lettered` (sent to the DLQ),
 * `rejected` (a business rejection was published).
 */
export type EventOutcome =
  'applied' | 'duplicate' | 'skipped' | 'unhandled' | 'dead_lettered' | 'rejected';
