import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Name of the HS256 secret file inside the data folder. */
export const localSecretFileName = 'jwt-secret';

const secretBytes = 32; // 256 bits: the full strength of HMAC-SHA-256.

/** The local HS256 secret of a data folder, if the service has made one there (see `loadOrCreateLocalSecret`). */
export const loadLocalSecret = (dataDir: string): Promise<Uint8Array | undefined> => readSecret(join(dataDir, localSecretFileName));

/**
 * Returns the local HS256 secret, generating it on first use and keeping it in `<dataDir>/jwt-secret` (mode 0600).
 * Concurrent first starts agree on one secret: the file is written aside and published with `link`, which never
 * overwrites, so a reader never sees a half-written file.
 */
export const loadOrCreateLocalSecret = async (dataDir: string): Promise<Uint8Array> => {
  const path = join(dataDir, localSecretFileName);
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const staging = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(staging, `${randomBytes(secretBytes).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    await link(staging, path).catch((error: unknown) => {
      if (!isAlreadyExists(error)) throw error;
    });
  } finally {
    await rm(staging, { force: true });
  }
  const secret = await readSecret(path);
  if (secret === undefined) throw new Error(`JWT secret ${path} vanished while it was being created`);
  return secret;
};

const readSecret = async (path: string): Promise<Uint8Array | undefined> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = Buffer.from(text.trim(), 'base64url');
  // Refuse a damaged or hand-shortened file rather than silently signing with a weak key.
  if (secret.length < secretBytes) throw new Error(`JWT secret ${path} is shorter than ${secretBytes * 8} bits`);
  return new Uint8Array(secret);
};

const isAlreadyExists = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'EEXIST';
