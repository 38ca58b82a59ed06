/** The label of the values past a `BoundedLabels`' limit. */
export const OTHER_LABEL = 'other';

/**
 * Keeps a metric label bounded when its values come from input (an event's `ce_type` header, a
 * dead letter's fingerprint): the values `known` names are always their own label; of the others,
 * the first `limit` seen are too, and any further one is `other`. So bad input cannot make a time
 * series of each record.
 */
export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly known: (value: string) => boolean = () => false,
  ) {}

  /** Returns the label of `value`. */
  of(value: string): string {
    if (this.known(value) || this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return OTHER_LABEL;
    this.seen.add(value);
    return value;
  }
}
