import { PaymentRequest } from '@app/events';
import {
  AccountSnapshot,
  decideCredit,
  decideDebit,
  hopTrackingId,
  refusalOfRequest,
} from './payment-rules';
import { PaymentRejections } from './payments.constants';

const payment: PaymentRequest = {
  paymentId: '3f1c1c6e-8d2a-4b7e-9d0a-2f1e3c4b5a60',
  from: '11111111-1111-4111-8111-111111111111',
  to: '22222222-2222-4222-8222-222222222222',
  amount: 500,
};

function account(changes: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return { accountId: payment.from, currency: 'EUR', balance: 500, closed: false, ...changes };
}

describe('payment rules', () => {
  describe(refusalOfRequest.name, () => {
    it('refuses a payment when both sides are the same account, however spelt', () => {
      expect(refusalOfRequest({ ...payment, to: payment.from.toUpperCase() })).toMatchObject({
        code: PaymentRejections.sameAccount,
      });
    });

    it('lets a payment between two accounts in', () => {
      expect(refusalOfRequest(payment)).toBeUndefined();
    });
  });

  describe(decideDebit.name, () => {
    it("debits in the payer's currency when the confirmed balance covers the amount exactly", () => {
      expect(decideDebit(account({ currency: 'GBP' }), payment)).toEqual({
        kind: 'debit',
        currency: 'GBP',
      });
    });

    it('fails the payment when the balance is one minor unit short', () => {
      expect(decideDebit(account({ balance: 499 }), payment)).toMatchObject({
        kind: 'fail',
        failure: { code: PaymentRejections.insufficientFunds },
      });
    });

    it('fails the payment when the payer does not exist', () => {
      expect(decideDebit(undefined, payment)).toMatchObject({
        failure: { code: PaymentRejections.payerNotFound },
      });
    });

    it('fails the payment when the payer is closed, whatever its balance', () => {
      expect(decideDebit(account({ closed: true, balance: 10_000 }), payment)).toMatchObject({
        failure: { code: PaymentRejections.payerClosed },
      });
    });
  });

  describe(decideCredit.name, () => {
    const debited = { ...payment, currency: 'EUR' };
    const payee = (changes: Partial<AccountSnapshot> = {}) =>
      account({ accountId: payment.to, balance: 0, ...changes });

    it('credits an open payee of the same currency', () => {
      expect(decideCredit(payee(), debited)).toEqual({ kind: 'credit' });
    });

    it.each([
      ['does not exist', undefined, PaymentRejections.payeeNotFound],
      ['is closed', payee({ closed: true }), PaymentRejections.payeeClosed],
      ['holds another currency', payee({ currency: 'USD' }), PaymentRejections.currencyMismatch],
    ])('reverses the debit when the payee %s', (_, snapshot, code) => {
      expect(decideCredit(snapshot, debited)).toMatchObject({ kind: 'reverse', failure: { code } });
    });
  });

  describe(hopTrackingId.name, () => {
    it('derives the same id for the same hop of a payment, however its id is spelt', () => {
      expect(hopTrackingId(payment.paymentId.toUpperCase(), 'debit')).toBe(
        hopTrackingId(payment.paymentId, 'debit'),
      );
    });

    it('derives a different id for each hop', () => {
      const ids = new Set(
        (['debit', 'credit', 'reversal'] as const).map((hop) =>
          hopTrackingId(payment.paymentId, hop),
        ),
      );
      expect(ids.size).toBe(3);
    });
  });
});
