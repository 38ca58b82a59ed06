import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What a token endpoint for tests issues. */
export interface OAuthTokenEndpointOptions {
  /** The clients it knows: id and secret. */
  readonly clients: Readonly<Record<string, string>>;
  /**
   * The lifetime of each token, in seconds (its `exp` and `expires_in`).
   * @default 3600
   */
  readonly lifetimeSeconds?: number;
}

/**
 * An OAuth 2.0 token endpoint for tests (client-credentials grant, RFC 6749 section 4.4) on a
 * free port of 127.0.0.1: it checks a client's HTTP Basic credentials and issues unsecured JWTs
 * (`alg: none`, `sub` the client id, `iat`, `exp`, `scope`), which a broker with Kafka's
 * unsecured OAUTHBEARER validator accepts; a wrong secret gets `401 invalid_client`.
 */
export class OAuthTokenEndpoint {
  private server?: Server;
  private readonly issued = new Map<string, number>();

  /** The endpoint's URL (after `start`). */
  url = '';

  constructor(private readonly options: OAuthTokenEndpointOptions) {}

  /** Starts serving. */
  async start(): Promise<void> {
    const server = createServer((request, response) => this.answer(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/oauth2/token`;
  }

  /** Stops serving. */
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Returns how many tokens a client was issued. */
  tokensIssuedTo(clientId: string): number {
    return this.issued.get(clientId) ?? 0;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const send = (status: number, json: Record<string, unknown>) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
        });
        response.end(JSON.stringify(json));
      };
      const form = new URLSearchParams(body);
      if (request.method !== 'POST' || form.get('grant_type') !== 'client_credentials')
        return send(400, { error: 'unsupported_grant_type' });
      const [id, secret] = basicCredentials(request.headers.authorization);
      if (id === undefined || this.options.clients[id] !== secret)
        return send(401, {
          error: 'invalid_client',
          error_description: 'client authentication failed',
        });
      this.issued.set(id, this.tokensIssuedTo(id) + 1);
      const lifetime = this.options.lifetimeSeconds ?? 3600;
      const now = Math.floor(Date.now() / 1000);
      const scope = form.get('scope');
      const claims = { sub: id, iat: now, exp: now + lifetime, ...(scope !== null && { scope }) };
      send(200, { access_token: unsecuredJwt(claims), token_type: 'Bearer', expires_in: lifetime });
    });
  }
}

/** Returns the id and secret of an HTTP Basic header, each form-decoded (RFC 6749, section 2.3.1). */
function basicCredentials(header: string | undefined): [string?, string?] {
  const match = /^Basic (.+)$/.exec(header ?? '');
  if (!match) return [];
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return [];
  const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
  return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
}

/** A JWT with `alg: none` and an empty signature (RFC 7519, section 6). */
function unsecuredJwt(claims: Record<string, unknown>): string {
  const part = (json: Record<string, unknown>) =>
    Buffer.from(JSON.stringify(json)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}
