/** A statement with numbered placeholders and its values, as the driver takes them. */
export interface NamedQuery {
  readonly text: string;
  readonly values: unknown[];
}

/** A statement's text with numbered placeholders, and which name each number stands for. */
interface Compiled {
  readonly text: string;
  readonly names: readonly string[];
}

const compiled = new Map<string, Compiled>();

/**
 * Turns a statement written with named placeholders (`$groupId`, `$topics::text[]`) into the
 * numbered form PostgreSQL takes, with the values in their order: fragments of one statement
 * never agree on parameter numbers. A name used twice is one parameter.
 * @throws Error when a placeholder has no value, or a value no placeholder.
 */
export function namedQuery(text: string, params: Readonly<Record<string, unknown>>): NamedQuery {
  let statement = compiled.get(text);
  if (!statement) {
    const names: string[] = [];
    const numbered = text.replace(/\$([A-Za-z_]\w*)/g, (_, name: string) => {
      if (!names.includes(name)) names.push(name);
      return `$${names.indexOf(name) + 1}`;
    });
    statement = { text: numbered, names };
    compiled.set(text, statement);
  }
  for (const name of statement.names) {
    if (!(name in params)) throw new Error(`No value given for the parameter $${name}.`);
  }
  const unused = Object.keys(params).filter((name) => !statement.names.includes(name));
  if (unused.length > 0) throw new Error(`No placeholder for the values ${unused.join(', ')}.`);
  return { text: statement.text, values: statement.names.map((name) => params[name]) };
}
