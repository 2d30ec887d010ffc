import type { JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { Principal } from '../../application/principal.js';
import type { AuthConfig } from './authConfig.js';
import { principalFromClaims } from './principal.js';

/** Why a token was refused; for server-side logs and tests only, never shown to the caller. */
export type TokenRejectionReason =
  | 'malformed'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'unknown-key'
  | 'keys-unavailable'
  | 'expired'
  | 'claims-mismatch'
  | 'unusable-subject'
  | 'unverifiable';

export type TokenVerification =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: TokenRejectionReason };

/** Verifies a compact JWT and yields its principal; it resolves on every input and never throws. */
export type TokenVerifier = (token: string) => Promise<TokenVerification>;

/**
 * Creates the verifier for the configuration: HS256 with the local secret, or RS256 with keys from the JWKS URL.
 * The algorithm is pinned per mode, so `none` and algorithm-confusion tokens (HS256 keyed with a public key) fail.
 */
export const createTokenVerifier = (config: AuthConfig): TokenVerifier => {
  const options: JWTVerifyOptions = {
    algorithms: config.kind === 'hs256' ? ['HS256'] : ['RS256'],
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    // A token without expiry would stay valid forever once leaked.
    requiredClaims: ['sub', 'exp'],
  };
  const verify =
    config.kind === 'hs256'
      ? withSecret(new Uint8Array(config.secret), options)
      : withKeySet(createRemoteJWKSet(config.jwksUrl), options);
  // A client sends the same token with every request: a verified token is remembered until it expires, at most
  // `verifiedTokenTtlMs` (so a key withdrawn from the JWKS stops a cached token within that time), and never a refusal.
  const verified = new Map<string, { readonly principal: Principal; readonly until: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known !== undefined && known.until > Date.now()) return { ok: true, principal: known.principal };
    verified.delete(token);
    try {
      const payload = await verify(token);
      const principal = principalFromClaims(payload);
      if (principal === undefined) return { ok: false, reason: 'unusable-subject' };
      if (verified.size >= verifiedTokenCapacity) verified.delete(verified.keys().next().value!);
      const expires = typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
      verified.set(token, { principal, until: Math.min(expires, Date.now() + verifiedTokenTtlMs) });
      return { ok: true, principal };
    } catch (error) {
      return { ok: false, reason: rejectionReason(error) };
    }
  };
};

const verifiedTokenTtlMs = 60_000;
const verifiedTokenCapacity = 10_000;

const withSecret = (secret: Uint8Array, options: JWTVerifyOptions) => {
  // Imported once: handing jose raw bytes would import the key again on every request.
  const key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return async (token: string) => (await jwtVerify(token, await key, options)).payload;
};

const withKeySet = (keys: JWTVerifyGetKey, options: JWTVerifyOptions) => {
  // Tell "this key is not published" apart from "the key set could not be fetched", for the logs.
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailable();
    }
  };
  return async (token: string) => (await jwtVerify(token, getKey, options)).payload;
};

class KeySetUnavailable extends Error {}

const rejectionReason = (error: unknown): TokenRejectionReason => {
  if (error instanceof KeySetUnavailable) return 'keys-unavailable';
  if (!(error instanceof errors.JOSEError)) return 'unverifiable';
  switch (error.code) {
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'malformed';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm-not-allowed';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad-signature';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
    case 'ERR_JWK_INVALID':
      return 'unknown-key';
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return 'claims-mismatch';
    default:
      return 'unverifiable';
  }
};
