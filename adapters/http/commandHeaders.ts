import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { CommandContext, IfMatch } from '../../application/commandExecution.js';
import type { Principal } from '../../application/principal.js';
import { problemOf, problemResponse } from './problemResponse.js';

const visibleAscii = /^[\x21-\x7e]{1,255}$/;

/** One element of an entity-tag list, with the separator after it (RFC 9110 §8.8.3: a tag may hold commas). */
const listedTag = /\s*(?:(W\/)?"([\x21\x23-\x7e]*)")?\s*(,|$)/y;

/**
 * Reads `If-Match` (RFC 9110 §13.1.1): `*`, or a comma-separated list of entity tags compared strongly. Only a strong
 * tag of this service's form (`"3"`) names a version; a weak or foreign tag is well-formed but matches nothing.
 * Empty list elements are ignored (§5.6.1); a header of nothing else, or not of this grammar, is null.
 */
const ifMatchOf = (header: string): IfMatch | null => {
  const value = header.trim();
  if (value === '*') return 'any';
  const versions: number[] = [];
  let tags = 0;
  listedTag.lastIndex = 0;
  while (listedTag.lastIndex < value.length) {
    const start = listedTag.lastIndex;
    const match = listedTag.exec(value);
    if (match === null || listedTag.lastIndex === start) return null;
    const [, weak, opaque, separator] = match;
    if (opaque !== undefined) {
      tags += 1;
      if (weak === undefined && /^\d{1,15}$/.test(opaque)) versions.push(Number(opaque));
    }
    if (separator === '') break;
  }
  return tags === 0 ? null : versions;
};

/** The strong ETag of a resource at a stream version. */
export const etagOf = (version: number): string => `"${version}"`;

/** The correlation id of a request: the caller's `X-Correlation-Id` when well-formed, else a new one. */
export const correlationIdOf = (c: Context): string => {
  const given = c.req.header('x-correlation-id');
  return given !== undefined && visibleAscii.test(given) ? given : randomUUID();
};

/**
 * Builds the command context from the request: actor, correlation and causation ids, the caller-scoped idempotency
 * key with a fingerprint of route and body, and `If-Match`. A malformed header is refused with 400 naming it.
 */
export const commandContextOf = (
  c: Context,
  principal: Principal,
  bodyText: string,
): { ok: true; context: CommandContext } | { ok: false; response: Response } => {
  const correlationId = correlationIdOf(c);
  const causation = c.req.header('x-causation-id');
  const causationId = causation !== undefined && visibleAscii.test(causation) ? causation : randomUUID();

  const key = c.req.header('idempotency-key');
  if (key !== undefined && !visibleAscii.test(key)) {
    return invalidHeader('Idempotency-Key', key, 'must be 1 to 255 visible ASCII characters');
  }
  const ifMatchHeader = c.req.header('if-match');
  const ifMatch = ifMatchHeader === undefined ? undefined : ifMatchOf(ifMatchHeader);
  if (ifMatch === null) return invalidHeader('If-Match', ifMatchHeader!, 'must be "*" or entity tags as returned by this service, e.g. "3"');
  return {
    ok: true,
    context: {
      actor: principal.sub,
      correlationId,
      causationId,
      // Scoped to the caller, so one user's key can never replay another user's response.
      ...(key === undefined
        ? {}
        : { idempotency: { key: `${principal.sub}\u0000${key}`, fingerprint: createHash('sha256').update(`${c.req.method} ${c.req.path}\n${bodyText}`).digest('hex') } }),
      ...(ifMatch === undefined ? {} : { ifMatch }),
    },
  };
};

const invalidHeader = (name: string, value: string, message: string) => ({
  ok: false as const,
  response: problemResponse(problemOf(400, `Header ${name} ${message}.`, { errors: [{ path: name, value, message }] })),
});
