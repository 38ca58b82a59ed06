import { serviceNames } from './service-names';

describe('serviceNames', () => {
  it('spells a dashed plural name for every file when given gift-cards', () => {
    expect(serviceNames('gift-cards')).toMatchObject({
      camel: 'giftCards',
      pascal: 'GiftCards',
      constant: 'GIFT_CARDS',
      schema: 'gift_cards',
      singular: 'gift-card',
      singularPascal: 'GiftCard',
      singularSentence: 'Gift card',
      aSingular: 'a gift card',
      idColumn: 'gift_card_id',
      commandsKey: 'giftCardCommands',
      groupKey: 'giftCardsWorker',
    });
  });

  it('keeps the Topics keys the landscape already uses when given customers or shipping', () => {
    expect(serviceNames('customers').commandsKey).toBe('customerCommands');
    expect(serviceNames('shipping').eventsKey).toBe('shippingEvents');
    expect(serviceNames('invoices').aSingular).toBe('an invoice');
  });

  it.each(['Orders', 'orders_2', '2orders', 'orders-', ''])(
    'throws a message naming the rule when given %p',
    (name) => {
      expect(() => serviceNames(name)).toThrow(/must be lowercase letters and digits/);
    },
  );
});
