import { SchematicsException } from '@angular-devkit/schematics';

/** A service's name in every spelling its files use. */
export interface ServiceNames {
  /** As given: `gift-cards`. */
  readonly name: string;
  /** `giftCards` */
  readonly camel: string;
  /** `GiftCards` */
  readonly pascal: string;
  /** `GIFT_CARDS` */
  readonly constant: string;
  /** Its PostgreSQL schema and table: `gift_cards`. */
  readonly schema: string;
  readonly table: string;
  /** One of it: `gift-card`, `giftCard`, `GiftCard`, `gift card`, `Gift card`, `a gift card`. */
  readonly singular: string;
  readonly singularCamel: string;
  readonly singularPascal: string;
  readonly singularWords: string;
  readonly singularSentence: string;
  readonly aSingular: string;
  /** The view's key column: `gift_card_id`. */
  readonly idColumn: string;
  /** Its keys in Topics (`giftCardCommands`, `giftCardEvents`) and ConsumerGroups (`giftCardsWorker`). */
  readonly commandsKey: string;
  readonly eventsKey: string;
  readonly groupKey: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Returns every spelling of a service's name.
 * @throws SchematicsException when the name is not lowercase words joined by dashes.
 */
export function serviceNames(name: string): ServiceNames {
  if (!NAME.test(name))
    throw new SchematicsException(
      `The service name '${name}' must be lowercase letters and digits, words joined by dashes, ` +
        `starting with a letter (e.g. orders, gift-cards).`,
    );
  // Names are plural (customers, orders); shipping and pricing stay as they are.
  const singular = name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name;
  const words = (text: string) => text.split('-');
  const camel = (text: string) =>
    words(text)
      .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
      .join('');
  const pascal = (text: string) => camel(text)[0].toUpperCase() + camel(text).slice(1);
  const snake = (text: string) => words(text).join('_');
  const singularWords = words(singular).join(' ');
  return {
    name,
    camel: camel(name),
    pascal: pascal(name),
    constant: snake(name).toUpperCase(),
    schema: snake(name),
    table: snake(name),
    singular,
    singularCamel: camel(singular),
    singularPascal: pascal(singular),
    singularWords,
    singularSentence: singularWords[0].toUpperCase() + singularWords.slice(1),
    aSingular: `${/^[aeiou]/.test(singular) ? 'an' : 'a'} ${singularWords}`,
    idColumn: `${snake(singular)}_id`,
    commandsKey: `${camel(singular)}Commands`,
    eventsKey: `${camel(singular)}Events`,
    groupKey: `${camel(name)}Worker`,
  };
}
