import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Logger,
  ServiceUnavailableException,
  Type,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANONYMOUS, Caller } from './caller';
import { REQUIRED_SCOPES } from './auth.decorators';
import { InvalidTokenError, KeysUnavailableError, TokenVerifier } from './token-verifier';

/** The part of an HTTP request the guard reads and writes. */
interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  caller?: Caller;
}

/** The part of an HTTP response the guard writes. */
interface GuardedResponse {
  setHeader(name: string, value: string): void;
}

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * Lets a request in only with a valid bearer token (RFC 6750) holding the route's scopes:
 * 401 with `WWW-Authenticate` when the token is missing or refused, 403 when a scope is missing,
 * 503 when the issuer's keys cannot be read. Open controllers (health, metrics) skip it; with no
 * verifier (authentication off) every caller is the anonymous one, with no scope checked.
 */
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    /** Controllers every caller may reach: the probes and the scrape. */
    private readonly open: ReadonlySet<Type>,
    /** None when authentication is off. */
    private readonly verifier: TokenVerifier | null,
    /** Names the API in `WWW-Authenticate`. */
    private readonly realm: string,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.open.has(context.getClass())) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<GuardedRequest>();
    const response = http.getResponse<GuardedResponse>();
    if (!this.verifier) {
      request.caller = ANONYMOUS;
      return true;
    }
    const caller = await this.authenticate(request, response);
    request.caller = caller;
    const required =
      this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const missing = required.filter((scope) => !caller.scopes.has(scope));
    if (missing.length > 0) {
      response.setHeader(
        'WWW-Authenticate',
        `Bearer realm="${this.realm}", error="insufficient_scope", scope="${required.join(' ')}"`,
      );
      this.logger.log(`Refused ${caller.subject}: scope ${missing.join(', ')} missing`);
      throw new ForbiddenException(`This request needs the scope ${missing.join(' and ')}`);
    }
    return true;
  }

  private async authenticate(request: GuardedRequest, response: GuardedResponse): Promise<Caller> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      response.setHeader('WWW-Authenticate', `Bearer realm="${this.realm}"`);
      throw new UnauthorizedException(
        header === undefined
          ? 'This request needs a bearer token (Authorization: Bearer <token>)'
          : 'The Authorization header is not a bearer token',
      );
    }
    try {
      return await this.verifier!.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        response.setHeader(
          'WWW-Authenticate',
          `Bearer realm="${this.realm}", error="invalid_token", error_description="${error.message}"`,
        );
        this.logger.log(`Refused a token: ${error.message}`);
        throw new UnauthorizedException(`Invalid token: ${error.message}`);
      }
      if (error instanceof KeysUnavailableError) {
        response.setHeader('Retry-After', '5');
        this.logger.warn(error.message);
        throw new ServiceUnavailableException('Tokens cannot be checked right now; retry shortly');
      }
      throw error;
    }
  }
}
