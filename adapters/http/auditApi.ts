import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { recordAuditRead, type AuditReader, type AuditReadRequest } from '../../application/auditTrail.js';
import {
  streamDiff,
  streamTimeline,
  verifyStream,
  type AuditOutcome,
  type AuditServices,
  type StreamDiff,
  type Timeline,
  type TimelineEntry,
} from '../../application/auditUseCases.js';
import type { CommandServices } from '../../application/commandExecution.js';
import type { StreamVerification } from '../../domain/audit/streamVerification.js';
import { requireRole, type AuthEnv } from './authMiddleware.js';
import { correlationIdOf } from './commandHeaders.js';
import { invalidQueryParameter, problemOf, problemResponse } from './problemResponse.js';

const visibleAscii = /^[\x21-\x7e]{1,255}$/;

/** The reader of an audit resource: the principal, with the request's correlation and causation ids. */
export const auditReaderOf = (c: Context<AuthEnv>): AuditReader => {
  const causation = c.req.header('x-causation-id');
  return {
    principal: c.get('principal'),
    correlationId: correlationIdOf(c),
    causationId: causation !== undefined && visibleAscii.test(causation) ? causation : randomUUID(),
  };
};

/** The read as recorded: the request path and the given ones among the named query parameters. */
export const auditReadRequestOf = (c: Context<AuthEnv>, parameters: ReadonlyArray<string>): AuditReadRequest => {
  const query: Record<string, string> = {};
  for (const name of parameters) {
    const value = c.req.query(name);
    if (value !== undefined) query[name] = value;
  }
  return { resource: c.req.path, query };
};

const notRecorded = (reason: string): Response =>
  problemResponse(problemOf(503, `This audit read could not be recorded, so it is not served (${reason}); retry shortly.`), { 'retry-after': '1' });

/**
 * Records an audit read of the request before it is served; answers the refusal when it could not be recorded
 * (fail closed), or undefined when the read may go ahead.
 */
export const refuseUnrecordedRead = async (services: CommandServices, c: Context<AuthEnv>, parameters: ReadonlyArray<string>): Promise<Response | undefined> => {
  const recording = await recordAuditRead(services, auditReaderOf(c), auditReadRequestOf(c, parameters));
  return recording.recorded ? undefined : notRecorded(recording.reason);
};

const entryBody = (entry: TimelineEntry) => ({
  version: entry.version,
  type: entry.type,
  schema_version: entry.schemaVersion,
  recorded_at: entry.recordedAt,
  actor: entry.actor,
  correlation_id: entry.correlationId,
  causation_id: entry.causationId,
  engine_version: entry.engineVersion,
  rule_set_version: entry.ruleSetVersion,
  hash: entry.hash,
  previous_hash: entry.previousHash,
  summary: entry.summary,
});

const timelineBody = (timeline: Timeline) => ({ stream_id: timeline.streamId, version: timeline.version, entries: timeline.entries.map(entryBody) });

const verificationBody = (verification: StreamVerification) =>
  verification.ok
    ? { stream_id: verification.streamId, ok: true, events: verification.events, last_version: verification.lastVersion, head_hash: verification.headHash }
    : {
        stream_id: verification.streamId,
        ok: false,
        events: verification.events,
        first_bad_version: verification.version,
        problem: verification.problem,
        detail: verification.detail,
      };

const diffBody = (diff: StreamDiff) => ({
  stream_id: diff.streamId,
  from: { version: diff.from.version, recorded_at: diff.from.recordedAt },
  to: { version: diff.to.version, recorded_at: diff.to.recordedAt },
  events: diff.events.map(entryBody),
  changes: diff.changes,
});

const answer = <T>(c: Context<AuthEnv>, outcome: AuditOutcome<T>, body: (value: T) => object): Response => {
  switch (outcome.kind) {
    case 'ok':
      return c.json(body(outcome.value), 200, { 'cache-control': 'no-store' });
    case 'forbidden':
      return problemResponse(problemOf(403, 'Only compliance reads audit views.'));
    case 'not-found':
      return problemResponse(problemOf(404, 'No such stream.'));
    case 'not-recorded':
      return notRecorded(outcome.reason);
    case 'invalid':
      return invalidQueryParameter(outcome.parameter, outcome.value, outcome.message);
    case 'unreadable':
      return problemResponse(problemOf(422, `Version ${outcome.version} of this stream cannot be decoded by this service, so no state can be folded past it.`));
  }
};

const versionPattern = /^(?:0|[1-9]\d{0,14})$/;

/** Parses an optional version parameter: undefined when absent, a Response when malformed. */
const versionParameter = (c: Context<AuthEnv>, name: string): number | undefined | Response => {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  return versionPattern.test(raw) ? Number(raw) : invalidQueryParameter(name, raw, 'must be a stream version, an integer >= 0');
};

/**
 * The audit views of any stream (`profile-…`, `portfolio-…`, `audit-…`): its lineage timeline, the verification of its
 * stored hash chain, and the diff of its state between two versions. Compliance only; every read is first recorded
 * as an audit read of the reader, and not served if that fails.
 */
export const auditApi = (services: AuditServices): Hono<AuthEnv> => {
  const app = new Hono<AuthEnv>();
  const compliance = requireRole('compliance');

  app.get('/audit/streams/:stream', compliance, async (c) =>
    answer(c, await streamTimeline(services, auditReaderOf(c), auditReadRequestOf(c, []), c.req.param('stream')), timelineBody),
  );

  app.get('/audit/streams/:stream/verification', compliance, async (c) =>
    answer(c, await verifyStream(services, auditReaderOf(c), auditReadRequestOf(c, []), c.req.param('stream')), verificationBody),
  );

  app.get('/audit/streams/:stream/diff', compliance, async (c) => {
    const from = versionParameter(c, 'from');
    if (from instanceof Response) return from;
    const to = versionParameter(c, 'to');
    if (to instanceof Response) return to;
    const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    return answer(c, await streamDiff(services, auditReaderOf(c), auditReadRequestOf(c, ['from', 'to']), c.req.param('stream'), range), diffBody);
  });

  return app;
};
