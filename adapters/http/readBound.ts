import type { Context } from 'hono';
import { isLeft } from 'fp-ts/lib/Either.js';
import { parseInstant } from '../../domain/instant.js';
import type { ReadBound } from '../../application/ports/eventStore.js';
import { hasRole } from '../../application/principal.js';
import type { AuthEnv } from './authMiddleware.js';
import { invalidQueryParameter, problemOf, problemResponse } from './problemResponse.js';

/**
 * The `as_of` (RFC 3339 instant) or `version` (stream version >= 1) of a read, if any. Past states are audit material:
 * only compliance may ask for them.
 */
export const readBoundOf = (c: Context<AuthEnv>): { ok: true; bound: ReadBound | undefined } | { ok: false; response: Response } => {
  const asOf = c.req.query('as_of');
  const version = c.req.query('version');
  if (asOf === undefined && version === undefined) return { ok: true, bound: undefined };
  if (!hasRole(c.get('principal'), 'compliance')) {
    return { ok: false, response: problemResponse(problemOf(403, 'Only compliance reads past states (as_of, version).')) };
  }
  if (asOf !== undefined && version !== undefined) return bad('as_of', asOf, 'give either as_of or version, not both');
  if (asOf !== undefined) {
    const instant = parseInstant(asOf);
    // Stored times are UTC with milliseconds; comparing in that form keeps the as-of view a prefix of the stream.
    return isLeft(instant) ? bad('as_of', asOf, instant.left) : { ok: true, bound: { toTime: instant.right } };
  }
  if (!/^[1-9]\d{0,14}$/.test(version!)) return bad('version', version, 'must be an integer >= 1');
  return { ok: true, bound: { toVersion: Number(version) } };
};

const bad = (parameter: string, value: unknown, message: string) => ({
  ok: false as const,
  response: invalidQueryParameter(parameter, value, message),
});
