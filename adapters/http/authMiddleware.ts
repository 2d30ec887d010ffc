import { createMiddleware } from 'hono/factory';
import type { Principal, Role } from '../../application/principal.js';
import { hasAnyRole } from '../../application/principal.js';
import type { TokenRejectionReason, TokenVerifier } from '../auth/tokenVerifier.js';
import { problemOf, problemResponse } from './problemResponse.js';

/** Context variables set by {@link authMiddleware}: handlers read `c.get('principal')`. */
export type AuthVariables = { principal: Principal };
/** Hono environment of every authenticated route. */
export type AuthEnv = { Variables: AuthVariables };

/** Why a request was refused; reported to `onRejected` for logs, never to the caller, and never with the token. */
export type AuthRejection =
  | { readonly status: 401; readonly reason: 'missing' | 'not-bearer' | 'malformed-header' | TokenRejectionReason }
  | { readonly status: 403; readonly reason: 'no-known-role' | 'role-not-allowed' };

export interface AuthMiddlewareOptions {
  /** Called on every refusal, e.g. to log or count it. */
  readonly onRejected?: (rejection: AuthRejection) => void;
}

const realm = 'Bearer realm="fiducia"';
// RFC 6750 §2.1: token68 syntax; anything else after "Bearer" cannot be a JWT.
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Requires `Authorization: Bearer <JWT>`, verifies it and puts the principal in the context. Every failure is the
 * same generic 401 (with `WWW-Authenticate: Bearer`); a valid token carrying no known role is 403.
 */
export const authMiddleware = (verify: TokenVerifier, options: AuthMiddlewareOptions = {}) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') return unauthorized('missing', options);
    const match = bearerPattern.exec(header);
    if (match?.[1] === undefined) {
      return unauthorized(/^Bearer(\s|$)/i.test(header) ? 'malformed-header' : 'not-bearer', options);
    }
    const verification = await verify(match[1]);
    // The identity provider's keys being out of reach says nothing about the token: try again later, keep the token.
    if (!verification.ok && verification.reason === 'keys-unavailable') {
      options.onRejected?.({ status: 401, reason: verification.reason });
      return problemResponse(problemOf(503, 'Tokens cannot be verified right now; try again shortly.'), { 'retry-after': '5' });
    }
    if (!verification.ok) return unauthorized(verification.reason, options);
    if (verification.principal.roles.size === 0) return forbidden('no-known-role', options);
    c.set('principal', verification.principal);
    await next();
  });

/** Lets the request through only when the authenticated principal holds one of the roles; 403 otherwise. */
export const requireRole = (...roles: ReadonlyArray<Role>) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    // Fails closed if mounted without authMiddleware in front of it.
    const principal = c.get('principal') as Principal | undefined;
    if (principal === undefined) return unauthorized('missing', {});
    if (!hasAnyRole(principal, roles)) return forbidden('role-not-allowed', {});
    await next();
  });

const unauthorized = (reason: Extract<AuthRejection, { status: 401 }>['reason'], options: AuthMiddlewareOptions) => {
  options.onRejected?.({ status: 401, reason });
  const presented = reason !== 'missing' && reason !== 'not-bearer';
  return problemResponse(problemOf(401, 'A valid bearer token is required.'), {
    'www-authenticate': presented ? `${realm}, error="invalid_token"` : realm,
  });
};

const forbidden = (reason: Extract<AuthRejection, { status: 403 }>['reason'], options: AuthMiddlewareOptions) => {
  options.onRejected?.({ status: 403, reason });
  return problemResponse(problemOf(403, 'Your role does not allow this request.'), {
    'www-authenticate': `${realm}, error="insufficient_scope"`,
  });
};
