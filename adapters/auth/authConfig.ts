import { loadLocalSecret, loadOrCreateLocalSecret } from './localSecret.js';

/** Issuer expected (and written into development tokens) unless configured otherwise. */
export const defaultIssuer = 'fiducia-local';
/** Audience expected (and written into development tokens) unless configured otherwise. */
export const defaultAudience = 'fiducia';
/** Accepted clock skew between token issuer and us, in seconds; small so expiry still means something. */
export const defaultClockToleranceSeconds = 5;

interface ClaimExpectations {
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
}

/** Tokens signed with the local shared secret (development and single-node runs). */
export interface Hs256Config extends ClaimExpectations {
  readonly kind: 'hs256';
  readonly secret: Uint8Array;
}

/** Tokens signed by an identity provider whose public keys are published as a JWKS. */
export interface Rs256Config extends ClaimExpectations {
  readonly kind: 'rs256';
  readonly jwksUrl: URL;
}

export type AuthConfig = Hs256Config | Rs256Config;

/** Environment variables read by {@link loadAuthConfig}. */
export const authEnvVars = {
  jwksUrl: 'FIDUCIA_JWKS_URL',
  issuer: 'FIDUCIA_JWT_ISSUER',
  audience: 'FIDUCIA_JWT_AUDIENCE',
} as const;

/**
 * Reads the auth configuration: RS256 against `FIDUCIA_JWKS_URL` when it is set, otherwise HS256 with the local
 * secret kept in the data folder (created on first start).
 */
export const loadAuthConfig = async (options: {
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `existing` refuses to make a secret: for a token minter, one the service would not verify is useless. */
  readonly secret?: 'create' | 'existing';
}): Promise<AuthConfig> => {
  const env = options.env ?? process.env;
  const expectations: ClaimExpectations = {
    issuer: nonEmpty(env[authEnvVars.issuer]) ?? defaultIssuer,
    audience: nonEmpty(env[authEnvVars.audience]) ?? defaultAudience,
    clockToleranceSeconds: defaultClockToleranceSeconds,
  };
  const jwks = nonEmpty(env[authEnvVars.jwksUrl]);
  if (jwks !== undefined) return { kind: 'rs256', jwksUrl: parseJwksUrl(jwks), ...expectations };
  const secret = options.secret === 'existing' ? await loadLocalSecret(options.dataDir) : await loadOrCreateLocalSecret(options.dataDir);
  if (secret === undefined) {
    throw new Error(`no local secret in ${options.dataDir}: start the service first (npm start), or set FIDUCIA_DATA_DIR to the data folder it runs on`);
  }
  return { kind: 'hs256', secret, ...expectations };
};

/** Parses a JWKS URL, insisting on https except for loopback hosts, since the keys decide who gets in. */
export const parseJwksUrl = (text: string): URL => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${authEnvVars.jwksUrl} is not a URL: ${text}`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${authEnvVars.jwksUrl} must use https (plain http only for localhost): ${text}`);
  }
  return url;
};

const nonEmpty = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};
