import { WorkerContext } from '@app/kafka';
import { upsertNewerVersions } from '@app/persistence';

/**
 * Writes one customer's fact into the replica, unless a newer version is there already: a
 * repeated or older fact never overwrites a newer one, and a delete stays as a tombstone.
 */
export async function writeReplica(
  ctx: WorkerContext,
  fact: { customerId: string; version: number },
  deleted: boolean,
): Promise<void> {
  await upsertNewerVersions(
    ctx.manager,
    { table: 'customer_replicas', keyColumns: ['customer_id'] },
    [{ customer_id: fact.customerId, version: fact.version, deleted }],
  );
}
