import { SignJWT } from 'jose';
import type { Role } from '../../application/principal.js';
import { defaultAudience, defaultIssuer } from './authConfig.js';

/** What a development token says and how long it lives. */
export interface DevTokenRequest {
  readonly sub: string;
  readonly roles: ReadonlyArray<Role>;
  readonly secret: Uint8Array;
  /** Lifetime: seconds, or a span such as `30m`, `8h`, `7d`. */
  readonly expiresIn: number | string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Issue time; defaults to the current time. */
  readonly now?: Date;
}

/** Signs an HS256 token for the local secret, as `npx fiducia token` prints it. */
export const signDevToken = async (request: DevTokenRequest): Promise<string> => {
  if (request.sub === '') throw new Error('A token needs a non-empty subject');
  const issuedAt = Math.floor((request.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ roles: [...request.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(request.issuer ?? defaultIssuer)
    .setAudience(request.audience ?? defaultAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds(request.expiresIn))
    .sign(request.secret);
};

const spanUnits: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Converts a lifetime to whole seconds; negative lifetimes are allowed so tests can mint expired tokens. */
export const lifetimeSeconds = (expiresIn: number | string): number => {
  if (typeof expiresIn === 'number') {
    if (!Number.isSafeInteger(expiresIn)) throw new Error(`Token lifetime must be whole seconds: ${expiresIn}`);
    return expiresIn;
  }
  // Without a unit, seconds (the command line hands every lifetime over as text).
  const match = /^(-?\d{1,9})([smhd]?)$/.exec(expiresIn.trim());
  const unit = match === null ? undefined : spanUnits[match[2] || 's'];
  if (match?.[1] === undefined || unit === undefined) {
    throw new Error(`Token lifetime must look like 3600, 30m, 8h or 7d: ${expiresIn}`);
  }
  return Number(match[1]) * unit;
};
