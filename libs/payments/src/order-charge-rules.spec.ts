import {
  chargePaymentId,
  decideCancellation,
  decideCharge,
  OrderChargeStatuses,
  refundPaymentId,
} from './order-charge-rules';
import { PaymentRejections } from './payments.constants';

const ORDER = {
  orderId: '6f1c2a4e-1b2c-4d3e-8f40-000000000001',
  customerId: '6f1c2a4e-1b2c-4d3e-8f40-0000000000c1',
  amount: 2500,
};
const PAYER = '6f1c2a4e-1b2c-4d3e-8f40-00000000aaaa';
const SHOP = '6f1c2a4e-1b2c-4d3e-8f40-00000000bbbb';

describe(decideCharge.name, () => {
  it("charges the customer's account in favour of the shop's", () => {
    expect(decideCharge(ORDER, PAYER, SHOP)).toEqual({ kind: 'charge', from: PAYER, to: SHOP });
  });

  it('charges an order with nothing to pay at once, with or without accounts', () => {
    expect(decideCharge({ ...ORDER, amount: 0 }, undefined, undefined)).toEqual({ kind: 'free' });
  });

  it('fails the charge of a customer without an open account, naming the customer', () => {
    const decision = decideCharge(ORDER, undefined, SHOP);
    expect(decision).toMatchObject({
      kind: 'fail',
      failure: { code: PaymentRejections.payerNotFound },
    });
    expect(decision.kind === 'fail' && decision.failure.reason).toContain(ORDER.customerId);
  });

  it('fails the charge of a total larger than one payment moves, rather than setting the order aside', () => {
    expect(decideCharge({ ...ORDER, amount: 1_000_000_000_001 }, PAYER, SHOP)).toMatchObject({
      kind: 'fail',
      failure: { code: PaymentRejections.amountTooLarge },
    });
    expect(decideCharge({ ...ORDER, amount: 1_000_000_000_000 }, PAYER, SHOP)).toMatchObject({
      kind: 'charge',
    });
  });

  it('fails the charge when the shop has no open account', () => {
    expect(decideCharge(ORDER, PAYER, undefined)).toMatchObject({
      kind: 'fail',
      failure: { code: PaymentRejections.payeeNotFound },
    });
  });
});

describe(decideCancellation.name, () => {
  it('refunds a charged order, later one whose charge is under way, and nothing else', () => {
    expect(decideCancellation(OrderChargeStatuses.charged, 2500)).toBe('refund');
    expect(decideCancellation(OrderChargeStatuses.charging, 2500)).toBe('refund-when-charged');
    expect(decideCancellation(OrderChargeStatuses.charged, 0)).toBe('nothing');
    expect(decideCancellation(OrderChargeStatuses.failed, 2500)).toBe('nothing');
    expect(decideCancellation(OrderChargeStatuses.refunded, 2500)).toBe('nothing');
  });
});

describe('order payment ids', () => {
  it('derives one charge and one refund per order, whatever the spelling of its id', () => {
    expect(chargePaymentId(ORDER.orderId)).toBe(chargePaymentId(ORDER.orderId.toUpperCase()));
    expect(refundPaymentId(ORDER.orderId)).not.toBe(chargePaymentId(ORDER.orderId));
    expect(chargePaymentId(ORDER.orderId)).not.toBe(
      chargePaymentId('6f1c2a4e-1b2c-4d3e-8f40-000000000002'),
    );
  });
});
