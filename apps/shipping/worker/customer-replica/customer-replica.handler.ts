import {
  CustomerCreated,
  CustomerDeleted,
  CustomerState,
  CustomerUpdated,
  EventEnvelope,
  PayloadOf,
} from '@app/events';
import { OnEvent, WorkerContext } from '@app/kafka';
import { upsertNewerVersions } from '@app/persistence';
import { CustomerAddress, followCustomer, ShipmentEntity } from '@app/shipping';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { applyChange, lockCustomer, lockShipments } from '../shipment-writes';

/**
 * Keeps the replica of customers' names and addresses from customers' facts (newer versions win,
 * a delete is a tombstone), and brings the customer's shipments along: a waiting one gets its
 * address, an undispatched one follows a change.
 */
@Controller()
export class CustomerReplicaHandler {
  // One decorator per method: a second @OnEvent on the same method replaces the first.
  @OnEvent(CustomerCreated)
  async created(
    @Payload() event: EventEnvelope<CustomerState>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    await this.exists(ctx, event);
  }

  @OnEvent(CustomerUpdated)
  async updated(
    @Payload() event: EventEnvelope<CustomerState>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    await this.exists(ctx, event);
  }

  @OnEvent(CustomerDeleted)
  async deleted(
    @Payload() event: EventEnvelope<PayloadOf<typeof CustomerDeleted>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<void> {
    const { customerId, version } = event.payload;
    await this.apply(ctx, event, customerId, { version, deleted: true, recipient: null });
  }

  private async exists(ctx: WorkerContext, event: EventEnvelope<CustomerState>): Promise<void> {
    const { customerId, name, address, version } = event.payload;
    await this.apply(ctx, event, customerId, {
      version,
      deleted: false,
      recipient: { name, address },
    });
  }

  private async apply(
    ctx: WorkerContext,
    event: EventEnvelope,
    customerId: string,
    customer: CustomerAddress,
  ): Promise<void> {
    await lockCustomer(ctx.manager, customerId);
    const written = await upsertNewerVersions(
      ctx.manager,
      { table: 'customer_addresses', keyColumns: ['customer_id'] },
      [
        {
          customer_id: customerId,
          name: customer.recipient?.name ?? null,
          address: customer.recipient ? JSON.stringify(customer.recipient.address) : null,
          version: customer.version,
          deleted: customer.deleted,
        },
      ],
    );
    // An older or repeated state: the replica, and so the shipments, already hold a newer one.
    if (written === 0) return;
    for (const shipment of await lockShipments(ctx.manager, { customerId })) {
      const change = followCustomer(ShipmentEntity.toState(shipment), customer);
      if (change) await applyChange(ctx, change, event.time);
    }
  }
}
