import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AuthOptions } from './auth-env';
import { AuthGuard } from './auth.guard';
import { Caller } from './caller';
import { JwksTokenVerifier } from './token-verifier';

/** How an API lets callers in. */
export interface AuthModuleOptions {
  readonly auth: AuthOptions;
  /** Names the API in `WWW-Authenticate`, e.g. `customers-api`. */
  readonly realm: string;
  /** Controllers every caller may reach without a token and without a limit (probes, the scrape). */
  readonly openControllers: readonly Type[];
  /** Requests per minute per caller (token subject, else address); 0 for no limit. */
  readonly requestsPerMinute: number;
}

/**
 * Guards every route of an API: authentication and scopes (`AuthGuard`), then a rate limit per
 * caller (`@nestjs/throttler`: 429 with `Retry-After`).
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const open = new Set<Type>(options.openControllers);
    const verifier = options.auth.mode === 'jwt' ? new JwksTokenVerifier(options.auth) : null;
    const limited = options.requestsPerMinute > 0;
    return {
      module: AuthModule,
      imports: limited
        ? [
            ThrottlerModule.forRoot({
              throttlers: [{ ttl: 60_000, limit: options.requestsPerMinute }],
              skipIf: (context) => open.has(context.getClass()),
              getTracker: (request: { caller?: Caller; ip?: string }) =>
                request.caller && request.caller.subject !== 'anonymous'
                  ? `sub:${request.caller.subject}`
                  : `ip:${request.ip ?? 'unknown'}`,
            }),
          ]
        : [],
      providers: [
        // Global guards run in this order: who the caller is first, then how often they call.
        {
          provide: APP_GUARD,
          useFactory: (reflector: Reflector) =>
            new AuthGuard(reflector, open, verifier, options.realm),
          inject: [Reflector],
        },
        ...(limited ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : []),
      ],
    };
  }
}
