import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Caller } from './caller';

/** Metadata key of the scopes a route requires. */
export const REQUIRED_SCOPES = 'auth:required-scopes';

/**
 * Requires every scope named of the caller's token, on a controller or one of its routes (the
 * route's list replaces the controller's). Without it, any authenticated caller is let in. The
 * OpenAPI document lists them under `x-required-scopes` (OpenAPI 3.0 names scopes only for
 * OAuth 2.0 flows, not for a bearer scheme).
 */
export const RequireScopes = (...scopes: string[]) =>
  applyDecorators(SetMetadata(REQUIRED_SCOPES, scopes), ApiExtension('x-required-scopes', scopes));

/** The verified caller of the request (the anonymous caller when authentication is off). */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller =>
    context.switchToHttp().getRequest<{ caller: Caller }>().caller,
);
