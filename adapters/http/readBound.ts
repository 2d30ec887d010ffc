import type { Context } from 'hono';
import { isLeft } from 'fp-ts/lib/Either.js';
import { parseCalendarDate } from '../../domain/calendarDate.js';
import type { ReadBound } from '../../application/ports/eventStore.js';
import { hasRole } from '../../application/principal.js';
import type { AuthEnv } from './authMiddleware.js';
import { problemOf, problemResponse } from './problemResponse.js';

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

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
    const millis = Date.parse(asOf);
    // Date.parse rolls impossible dates over (11-31 becomes 12-01): the calendar date must exist as written.
    if (!rfc3339.test(asOf) || Number.isNaN(millis) || isLeft(parseCalendarDate(asOf.slice(0, 10)))) return bad('as_of', asOf, 'must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z');
    // Stored times are UTC with milliseconds; comparing in that form keeps the as-of view a prefix of the stream.
    return { ok: true, bound: { toTime: new Date(millis).toISOString() } };
  }
  if (!/^[1-9]\d{0,14}$/.test(version!)) return bad('version', version, 'must be an integer >= 1');
  return { ok: true, bound: { toVersion: Number(version) } };
};

const bad = (parameter: string, value: unknown, message: string) => ({
  ok: false as const,
  response: problemResponse(problemOf(400, `Query parameter ${parameter} ${message}.`, { errors: [{ path: parameter, value, message }] })),
});
