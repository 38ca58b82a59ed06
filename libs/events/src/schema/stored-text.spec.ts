import { isStorableText, storableText, toStorableText } from './stored-text';

describe('storableText', () => {
  it.each([
    ['plain text', 'Ada Lovelace'],
    ['accents and other scripts', 'Zoë Ünal, 東京'],
    ['a surrogate pair (an emoji)', 'Ada \u{1F600}'],
    ['the empty string', ''],
  ])('accepts %s', (_, value) => {
    expect(isStorableText(value)).toBe(true);
    expect(storableText().safeParse(value).success).toBe(true);
  });

  it.each([
    ['a NUL character', 'Ada\u0000Lovelace'],
    ['a lone high surrogate', 'Brussels\uD800'],
    ['a lone low surrogate', '\uDC00Brussels'],
    ['a reversed pair', '\uDE00\uD83D'],
  ])('refuses %s, saying why', (_, value) => {
    expect(isStorableText(value)).toBe(false);
    const result = storableText().safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'must not contain NUL characters or unpaired UTF-16 surrogates',
    );
  });

  it('keeps the string checks chained after it', () => {
    const name = storableText().trim().min(1).max(5);
    expect(name.parse('  Ada  ')).toBe('Ada');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('A\u0000').success).toBe(false);
  });

  it('replaces what cannot be stored, and only that', () => {
    expect(toStorableText('a\u0000b\uD800c\u{1F600}')).toBe('a\uFFFDb\uFFFDc\u{1F600}');
    expect(toStorableText('plain')).toBe('plain');
    expect(isStorableText(toStorableText('\u0000\u0000\uDC00'))).toBe(true);
  });
});
