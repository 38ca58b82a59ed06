import {
  OrderCharge,
  OrderCharged,
  OrderChargeFailed,
  OrderRefunded,
  OrderRefundFailed,
  PaymentFailure,
} from '@app/events';
import { WorkerContext } from '@app/kafka';
import {
  chargePaymentId,
  decideCancellation,
  decideCharge,
  OrderChargeEntity,
  OrderChargeStatus,
  OrderChargeStatuses,
  PaymentEntity,
  PaymentStatuses,
  refundPaymentId,
  SHOP_OWNER,
} from '@app/payments';
import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { enterPayment } from './enter-payment';

const logger = new Logger('OrderCharges');

/**
 * Charges a placed order: its customer's open account pays the shop's the order's total, through
 * the same DEBIT and CREDIT steps as any payment; `settleOrderMoney` hears how it ended. An order
 * with nothing to pay is charged at once; one without a payer or a shop account fails at once.
 * A copy of the order's fact changes nothing.
 */
export async function chargeOrder(ctx: WorkerContext, order: OrderCharge, at: Date): Promise<void> {
  const charges = ctx.manager.getRepository(OrderChargeEntity);
  if (await charges.existsBy({ orderId: order.orderId })) return;
  const decision = decideCharge(
    order,
    await openAccountOf(ctx.manager, order.customerId),
    await openAccountOf(ctx.manager, SHOP_OWNER),
  );
  const row = { ...order, cancelled: false, createdAt: at, updatedAt: at };
  if (decision.kind === 'free') {
    await charges.insert({ ...row, status: OrderChargeStatuses.charged });
    ctx.emit(OrderCharged, order);
    return;
  }
  if (decision.kind === 'fail') {
    await charges.insert({
      ...row,
      status: OrderChargeStatuses.failed,
      ...failureColumns(decision.failure),
    });
    ctx.emit(OrderChargeFailed, { ...order, failure: decision.failure });
    return;
  }
  const paymentId = chargePaymentId(order.orderId);
  const request = { paymentId, from: decision.from, to: decision.to, amount: order.amount };
  await enterPayment(ctx, { ...request, reference: order.orderId }, null, at);
  await charges.insert({ ...row, status: OrderChargeStatuses.charging, paymentId });
}

/**
 * Hears the cancellation of an order: a charged order is refunded (the shop's account pays the
 * customer's back); one whose charge is under way is refunded when it completes.
 */
export async function cancelOrderCharge(
  ctx: WorkerContext,
  orderId: string,
  at: Date,
): Promise<void> {
  const charge = await ctx.manager
    .getRepository(OrderChargeEntity)
    .findOne({ where: { orderId }, lock: { mode: 'pessimistic_write' } });
  // No charge: the order was never placed here (payments started reading after it); a copy: done.
  if (!charge || charge.cancelled) return;
  charge.cancelled = true;
  if (decideCancellation(charge.status, charge.amount) === 'refund') {
    await refund(ctx, charge, at);
    return;
  }
  await save(ctx.manager, charge, charge.status, at);
}

/**
 * Moves the order charge that `payment` pays or refunds, if any, once the payment completed or
 * failed, and tells orders with a fact keyed by the order. Called in the transaction that ends the
 * payment, so that the charge and the payment never disagree.
 */
export async function settleOrderMoney(
  ctx: WorkerContext,
  payment: PaymentEntity,
  at: Date,
): Promise<void> {
  const charge = await ctx.manager.getRepository(OrderChargeEntity).findOne({
    where: [{ paymentId: payment.paymentId }, { refundId: payment.paymentId }],
    lock: { mode: 'pessimistic_write' },
  });
  if (!charge) return;
  const completed = payment.status === PaymentStatuses.completed;
  const failure = { code: payment.failureCode ?? '', reason: payment.failureReason ?? '' };
  const fact = {
    orderId: charge.orderId,
    customerId: charge.customerId,
    amount: charge.amount,
    paymentId: payment.paymentId,
  };
  if (charge.paymentId === payment.paymentId) {
    if (!completed) {
      await save(ctx.manager, charge, OrderChargeStatuses.failed, at, failure);
      ctx.emit(OrderChargeFailed, { ...fact, failure });
      return;
    }
    ctx.emit(OrderCharged, { ...fact, currency: payment.currency ?? undefined });
    if (charge.cancelled) await refund(ctx, charge, at);
    else await save(ctx.manager, charge, OrderChargeStatuses.charged, at);
    return;
  }
  if (completed) {
    await save(ctx.manager, charge, OrderChargeStatuses.refunded, at);
    ctx.emit(OrderRefunded, { ...fact, currency: payment.currency ?? undefined });
    return;
  }
  await save(ctx.manager, charge, OrderChargeStatuses.refundFailed, at, failure);
  ctx.emit(OrderRefundFailed, { ...fact, failure });
  logger.warn(
    `The refund of cancelled order ${charge.orderId} failed (${failure.reason}); ` +
      `${charge.amount} stays with the shop until it is returned by other means`,
  );
}

/** Asks for the payment that gives a charged order's money back. */
async function refund(ctx: WorkerContext, charge: OrderChargeEntity, at: Date): Promise<void> {
  const paid = await ctx.manager
    .getRepository(PaymentEntity)
    .findOneByOrFail({ paymentId: charge.paymentId ?? '' });
  const refundId = refundPaymentId(charge.orderId);
  await enterPayment(
    ctx,
    {
      paymentId: refundId,
      from: paid.to,
      to: paid.from,
      amount: charge.amount,
      reference: charge.orderId,
    },
    null,
    at,
  );
  charge.refundId = refundId;
  await save(ctx.manager, charge, OrderChargeStatuses.refunding, at);
}

async function save(
  manager: EntityManager,
  charge: OrderChargeEntity,
  status: OrderChargeStatus,
  at: Date,
  failure?: PaymentFailure,
): Promise<void> {
  const { cancelled, refundId } = charge;
  await manager
    .getRepository(OrderChargeEntity)
    .update(
      { orderId: charge.orderId },
      { status, cancelled, refundId, updatedAt: at, ...(failure ? failureColumns(failure) : {}) },
    );
}

function failureColumns(
  failure: PaymentFailure,
): Pick<OrderChargeEntity, 'failureCode' | 'failureReason'> {
  return { failureCode: failure.code, failureReason: failure.reason };
}

/** Returns the oldest open account of `owner` (a customer id, or the shop), if it has one. */
async function openAccountOf(manager: EntityManager, owner: string): Promise<string | undefined> {
  const rows: { account_id: string }[] = await manager.query(
    `SELECT account_id FROM accounts WHERE lower(owner) = lower($1) AND closed_at IS NULL
      ORDER BY opened_at, account_id LIMIT 1`,
    [owner],
  );
  return rows[0]?.account_id;
}
