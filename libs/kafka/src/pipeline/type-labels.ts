/** The `type` label of the events past the limit of types outside the catalogue. */
export const OTHER_TYPE_LABEL = 'other';

/**
 * Keeps the `type` label of the worker's metrics bounded. An undecodable event's type is read
 * from its `ce_type` header, and an observed topic's events are decoded whatever their type: bad
 * input could otherwise make a new time series of each record. The catalogue's types are always
 * their own label; of the others, the first `limit` seen are too, and the rest are `other`.
 */
export class TypeLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly known: (type: string) => boolean,
    private readonly limit: number,
  ) {}

  /** Returns the label of `type`. */
  of(type: string): string {
    if (this.known(type) || this.seen.has(type)) return type;
    if (this.seen.size >= this.limit) return OTHER_TYPE_LABEL;
    this.seen.add(type);
    return type;
  }
}
