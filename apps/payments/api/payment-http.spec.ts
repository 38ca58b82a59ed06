import { PaymentRejections } from '@app/payments';
import { depositInput, paymentInput, paymentRejectionStatuses } from './payment-http';

describe('payment HTTP mapping', () => {
  it('gives every refusal of the worker an HTTP status', () => {
    const unmapped = Object.values(PaymentRejections).filter(
      (code) => paymentRejectionStatuses[code] === undefined,
    );
    expect(unmapped).toEqual([]);
  });

  it('takes amounts only as positive integers of minor units', () => {
    expect(depositInput.safeParse({ amount: 1 }).success).toBe(true);
    for (const amount of [0, -1, 1.5, '10', 1e15]) {
      expect(depositInput.safeParse({ amount }).success).toBe(false);
    }
  });

  it('refuses a payment with a field it does not know', () => {
    const payment = {
      from: '11111111-1111-4111-8111-111111111111',
      to: '22222222-2222-4222-8222-222222222222',
      amount: 10,
    };
    expect(paymentInput.safeParse(payment).success).toBe(true);
    expect(paymentInput.safeParse({ ...payment, currency: 'EUR' }).success).toBe(false);
  });
});
