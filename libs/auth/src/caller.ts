/** Who made a request, as its verified token says. */
export interface Caller {
  /** The token's `sub`: the user or client the issuer vouches for. */
  readonly subject: string;
  /** What the caller may do: the token's `scope` (space-separated) or `scp` (a list). */
  readonly scopes: ReadonlySet<string>;
  /** The customer the caller acts for (the token's customer claim), when it acts for one. */
  readonly customerId?: string;
  /** Authentication is off: no scope and no owner is checked. */
  readonly anonymous?: true;
}

/** The caller of an API whose authentication is off: every scope, no one in particular. */
export const ANONYMOUS: Caller = {
  subject: 'anonymous',
  scopes: new Set<string>(),
  anonymous: true,
};

/** Reads the customer a token's claims say the caller acts for: a non-empty string claim, or none. */
export function customerOf(
  claims: Readonly<Record<string, unknown>>,
  claim: string,
): string | undefined {
  const value = claims[claim];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads the scopes of a token's claims: `scope` as OAuth 2.0 writes it, or `scp` as some issuers do. */
export function scopesOf(claims: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const { scope, scp } = claims;
  if (typeof scope === 'string') return new Set(scope.split(' ').filter(Boolean));
  if (Array.isArray(scp)) return new Set(scp.filter((s): s is string => typeof s === 'string'));
  if (typeof scp === 'string') return new Set(scp.split(' ').filter(Boolean));
  return new Set();
}
