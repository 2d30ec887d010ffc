import type { JWTPayload } from 'jose';
import type { Principal, Role } from '../../application/principal.js';
import { actorIdFrom, isRole } from '../../application/principal.js';

/** Reads the known roles from a `roles` claim; anything but an array of strings yields none. */
export const rolesFromClaim = (claim: unknown): ReadonlySet<Role> =>
  new Set(Array.isArray(claim) ? claim.filter(isRole) : []);

/** Builds the principal from a verified claims set, or undefined when `sub` is missing or unusable as an actor. */
export const principalFromClaims = (claims: JWTPayload): Principal | undefined => {
  const sub = actorIdFrom(claims.sub);
  return sub === undefined ? undefined : { sub, roles: rolesFromClaim(claims['roles']) };
};
