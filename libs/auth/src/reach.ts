import { createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import { Caller } from './caller';

/**
 * Whose resources a caller may read and change in one service: every owner's (a back office,
 * another service, or authentication off), or those of the one customer it acts for.
 */
export type Reach =
  { readonly everyOwner: true } | { readonly everyOwner: false; readonly customerId: string };

/** The scope that lets a caller act on every owner's resources of `service`. */
export function anyOwnerScope(service: string): string {
  return `${service}:any`;
}

/**
 * Returns the caller's reach in `service`: every owner's with `<service>:any` (or authentication
 * off), else the customer its token names.
 * @throws ForbiddenException when it acts for no customer and lacks `<service>:any`.
 */
export function reachOf(caller: Caller, service: string): Reach {
  if (caller.anonymous || caller.scopes.has(anyOwnerScope(service))) return { everyOwner: true };
  if (caller.customerId !== undefined)
    return { everyOwner: false, customerId: caller.customerId.toLowerCase() };
  throw new ForbiddenException(
    `The caller acts for no customer and lacks the scope ${anyOwnerScope(service)}`,
  );
}

/** Tells whether a reach covers what `owner` (a customer id, or another owner) owns. */
export function reaches(reach: Reach, owner: string | null | undefined): boolean {
  return reach.everyOwner || (owner ?? '').toLowerCase() === reach.customerId;
}

/** Returns the customer a command acts for, as its `onBehalfOf` carries it; none for every owner. */
export function onBehalfOf(reach: Reach): string | undefined {
  return reach.everyOwner ? undefined : reach.customerId;
}

/**
 * The caller's reach in `service`, for a route: `@CallerReach('orders') reach: Reach`.
 * Answers 403 when the caller acts for no customer and lacks `<service>:any`.
 */
export const CallerReach = createParamDecorator(
  (service: string, context: ExecutionContext): Reach =>
    reachOf(context.switchToHttp().getRequest<{ caller: Caller }>().caller, service),
);

/**
 * Refuses (403) a caller that acts for one customer, for what only a caller acting for every
 * owner may do (a back office, another service): listing every customer, dispatching, totals.
 */
export function requireEveryOwner(reach: Reach, service: string, what: string): void {
  if (!reach.everyOwner)
    throw new ForbiddenException(`${what} takes the scope ${anyOwnerScope(service)}`);
}

/** Refuses (403) a caller acting for a customer who is not `owner`, for a write it names. */
export function requireReach(reach: Reach, owner: string | null | undefined, what: string): void {
  if (!reaches(reach, owner))
    throw new ForbiddenException(`${what} is not the caller's customer's`);
}
