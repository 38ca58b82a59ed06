import { z } from 'zod';
import { BrokerConnectionError } from '../errors/broker-connection.error';
import { TransientError } from '../errors/transient.error';
import { OAuthClientCredentials } from './broker-security';

/** The part of a token's lifetime after which a new one is fetched (librdkafka also renews at 80%). */
const REFRESH_AT = 0.8;

/** How long a token request may take before it counts as failed. */
const REQUEST_TIMEOUT_MS = 10_000;

/** A successful token response (RFC 6749, section 5.1). */
const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

/** An error response (RFC 6749, section 5.2). */
const ErrorResponse = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

/** One token source per OAuth client settings: a process's clients share its tokens. */
const sharedSources = new WeakMap<OAuthClientCredentials, ClientCredentialsTokenSource>();

/** Returns the token source of `client`, the same for every caller with the same settings object. */
export function tokenSourceFor(client: OAuthClientCredentials): ClientCredentialsTokenSource {
  let source = sharedSources.get(client);
  if (!source) sharedSources.set(client, (source = new ClientCredentialsTokenSource(client)));
  return source;
}

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
  readonly expiresAt: number;
}

/**
 * Fetches access tokens with the OAuth 2.0 client-credentials grant and reuses each until most
 * of its lifetime has passed; a token without `expires_in` is used once. While a renewal fails,
 * the current token serves until it expires.
 */
export class ClientCredentialsTokenSource {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;

  constructor(
    private readonly client: OAuthClientCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Returns a current access token, fetching a new one when the last is due for renewal.
   * @throws BrokerConnectionError when the token endpoint refuses the client (a 4xx answer).
   * @throws TransientError when it cannot be reached or fails (a 5xx or 429 answer, a timeout).
   */
  async token(): Promise<string> {
    return (await this.current()).value;
  }

  /**
   * Returns a current access token and when it expires (ms since the epoch; the time it was
   * requested when the provider gave no `expires_in`), as `token` does.
   * @throws BrokerConnectionError when the token endpoint refuses the client (a 4xx answer).
   * @throws TransientError when it cannot be reached or fails (a 5xx or 429 answer, a timeout).
   */
  async current(): Promise<{ readonly value: string; readonly expiresAt: number }> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    try {
      this.cached = await this.pending;
      return this.cached;
    } catch (error) {
      if (cached && this.now() < cached.expiresAt) return cached;
      throw error;
    }
  }

  private async fetchToken(): Promise<CachedToken> {
    const { tokenEndpoint, clientId, clientSecret, scope } = this.client;
    const requestedAt = this.now();
    let response: Response;
    try {
      response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: {
          // RFC 6749, section 2.3.1: the client id and secret, form-encoded, as HTTP Basic credentials.
          authorization: `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          ...(scope !== undefined && { scope }),
        }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TransientError(
        `The OAuth token endpoint ${tokenEndpoint} cannot be reached (${reasonOf(error)}).`,
        { cause: error },
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw refusal(tokenEndpoint, response.status, body);
    const token = TokenResponse.safeParse(body);
    if (!token.success)
      throw new BrokerConnectionError(
        `The OAuth token endpoint ${tokenEndpoint} answered without an access token: check that ` +
          `it is the provider's token endpoint.`,
      );
    const lifetimeMs = (token.data.expires_in ?? 0) * 1000;
    return {
      value: token.data.access_token,
      refreshAt: requestedAt + lifetimeMs * REFRESH_AT,
      expiresAt: requestedAt + lifetimeMs,
    };
  }
}

/** The error for a token endpoint's refusal: transient when it may answer otherwise later. */
function refusal(endpoint: string, status: number, body: unknown): Error {
  const error = ErrorResponse.safeParse(body);
  const said = error.success
    ? `: ${error.data.error}${error.data.error_description ? ` (${error.data.error_description})` : ''}`
    : '';
  if (status >= 500 || status === 429 || status === 408)
    return new TransientError(
      `The OAuth token endpoint ${endpoint} failed (HTTP ${status}${said}).`,
    );
  const check =
    status === 401 || (error.success && error.data.error === 'invalid_client')
      ? 'Check the OAuth client id and secret.'
      : 'Check the OAuth client, its scope and the token endpoint URL.';
  return new BrokerConnectionError(
    `The OAuth token endpoint ${endpoint} refused the client credentials (HTTP ${status}${said}). ${check}`,
  );
}

/** `application/x-www-form-urlencoded` of one value, as RFC 6749 asks of Basic credentials. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function reasonOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const { code } = cause as { code?: unknown };
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}
