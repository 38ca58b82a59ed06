/**
 * What became of one handled event, the `outcome` label of `events_handled_total`:
 * `applied` (its effects were written), `duplicate` (a tracked request already had an outcome),
 * `skipped` (below the partition's stored position), `dead_lettered` (sent to the DLQ),
 * `rejected` (a business rejection was published).
 */
export type EventOutcome = 'applied' | 'duplicate' | 'skipped' | 'dead_lettered' | 'rejected';
