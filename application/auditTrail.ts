import { isLeft } from 'fp-ts/lib/Either.js';
import { auditTrailDecider, type AuditTrailCommand, type AuditTrailState } from '../domain/audit/auditTrailDecider.js';
import { auditTrailEventCodec, auditTrailEventSchemaVersion, type AuditTrailEvent } from '../domain/audit/auditTrailEvents.js';
import { streamIdOf, type AggregateType } from './aggregateType.js';
import { changeOf, commitChanges, runCommand, snapshotForCommand, type CommandResult, type CommandServices } from './commandExecution.js';
import type { Principal } from './principal.js';
import { storedEventDecoder } from './storedEventDecoder.js';

/** Audit trails: streams `audit-<reader sub>`, one event per audit read. */
export const auditTrailAggregate: AggregateType<AuditTrailCommand, AuditTrailEvent, AuditTrailState> = {
  streamPrefix: 'audit',
  decider: auditTrailDecider,
  decode: storedEventDecoder(auditTrailEventCodec, () => auditTrailEventSchemaVersion),
  encode: (event) => ({ type: event.type, schemaVersion: auditTrailEventSchemaVersion, data: event.data }),
};

/** Who reads, and the request's correlation and causation ids, recorded with the audit read. */
export interface AuditReader {
  readonly principal: Principal;
  readonly correlationId: string;
  readonly causationId: string;
}

/** What was read: the resource and its query parameters, as the reader asked for them. */
export interface AuditReadRequest {
  readonly resource: string;
  readonly query: Readonly<Record<string, string>>;
}

export type AuditReadRecording =
  | { readonly recorded: true; readonly streamId: string; readonly version: number }
  /** The read must not be served: it could not be recorded. */
  | { readonly recorded: false; readonly reason: string };

/**
 * Rounds of `runCommand` (each retries a conflict itself) before giving up: concurrent reads by one reader contend for
 * one stream, and every round lets at least one of them commit.
 */
const rounds = 8;

/**
 * Records an audit read as an `AuditRead` event on the reader's trail, before the read is served: a read whose
 * recording fails is refused (fail closed). Concurrent reads by the same reader retry on the conflict.
 * A store failure other than a conflict is thrown, and so also refuses the read.
 */
export const recordAuditRead = async (services: CommandServices, reader: AuditReader, request: AuditReadRequest): Promise<AuditReadRecording> => {
  const context = { actor: reader.principal.sub, correlationId: reader.correlationId, causationId: reader.causationId };
  const streamId = streamIdOf(auditTrailAggregate, reader.principal.sub);
  let version = 0;
  let result: CommandResult = { kind: 'conflict', streamId };
  for (let round = 0; round < rounds && result.kind === 'conflict'; round++) {
    result = await runCommand(services, context, async () => {
      const before = await snapshotForCommand(services, auditTrailAggregate, streamId);
      const now = services.clock();
      const decision = auditTrailAggregate.decider.decide({ kind: 'RecordAuditRead', resource: request.resource, query: request.query, at: now }, before.state);
      if (isLeft(decision)) return { kind: 'rejected', rejection: decision.left };
      return commitChanges(
        services,
        context,
        [changeOf(auditTrailAggregate, before, decision.right)],
        ([after]) => {
          version = after!.version;
          return { status: 201, headers: {}, body: '' };
        },
        now,
      );
    });
  }
  switch (result.kind) {
    case 'done':
      return { recorded: true, streamId, version };
    case 'conflict':
      return { recorded: false, reason: `the audit trail ${streamId} stayed contended by concurrent reads` };
    case 'rejected':
      return { recorded: false, reason: result.rejection.message };
    default:
      return { recorded: false, reason: `the audit trail ${streamId} could not be written (${result.kind})` };
  }
};
