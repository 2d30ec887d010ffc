import { auditTrailEventSummary, portfolioEventSummary, profileEventSummary, undecodableEventSummary } from '../domain/audit/eventSummary.js';
import { stateDiff, type StateChange } from '../domain/audit/stateDiff.js';
import type { StreamVerification } from '../domain/audit/streamVerification.js';
import { fold } from '../domain/decider.js';
import type { AggregateType } from './aggregateType.js';
import { auditTrailAggregate, recordAuditRead, type AuditReader, type AuditReadRequest } from './auditTrail.js';
import type { CommandServices } from './commandExecution.js';
import type { RecordedEvent, StreamId } from './ports/eventStore.js';
import { portfolioAggregate } from './portfolioAggregate.js';
import { hasRole } from './principal.js';
import { profileAggregate } from './profileAggregate.js';
import { UndecodableEvent } from './storedEventDecoder.js';

/** Verifies one stream's hash chain as stored; undefined when the stream has no events. */
export type VerifyChain = (streamId: StreamId) => Promise<StreamVerification | undefined>;

/** What the audit views need: the write side (to record audit reads) and a chain verifier over the stored items. */
export interface AuditServices extends CommandServices {
  readonly verifyChain: VerifyChain;
}

/** How an audit read ended; only `ok` is served. */
export type AuditOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** Audit views are for compliance only. */
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'not-found' }
  /** The read could not be recorded, so it is not served (fail closed). */
  | { readonly kind: 'not-recorded'; readonly reason: string }
  /** A parameter does not fit the stream (e.g. a version beyond its head). */
  | { readonly kind: 'invalid'; readonly parameter: string; readonly value: unknown; readonly message: string }
  /** An event of the stream cannot be decoded by this service, so no state can be folded past it. */
  | { readonly kind: 'unreadable'; readonly version: number; readonly message: string };

/** One event of a lineage timeline: its metadata, hash and a one-line summary without PII. */
export interface TimelineEntry {
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly engineVersion: string | null;
  readonly ruleSetVersion: string | null;
  readonly hash: string;
  readonly previousHash: string;
  readonly summary: string;
}

export interface Timeline {
  readonly streamId: string;
  /** The stream's head version. */
  readonly version: number;
  readonly entries: ReadonlyArray<TimelineEntry>;
}

/** A version of a stream as a diff names it; version 0 is the state before the first event. */
export interface DiffEnd {
  readonly version: number;
  readonly recordedAt: string | null;
}

export interface StreamDiff {
  readonly streamId: string;
  readonly from: DiffEnd;
  readonly to: DiffEnd;
  /** The events that lead from `from` to `to`. */
  readonly events: ReadonlyArray<TimelineEntry>;
  readonly changes: ReadonlyArray<StateChange>;
}

/** The versions a diff compares; each defaults (`to` to the head, `from` to the version before `to`). */
export interface DiffRange {
  readonly from?: number;
  readonly to?: number;
}

interface AuditedAggregate {
  readonly type: AggregateType<unknown, unknown, unknown>;
  readonly summary: (event: unknown) => string;
}

const audited = <C, E, S>(type: AggregateType<C, E, S>, summary: (event: E) => string): AuditedAggregate => ({
  type: type as unknown as AggregateType<unknown, unknown, unknown>,
  summary: summary as (event: unknown) => string,
});

const auditedAggregates: ReadonlyArray<AuditedAggregate> = [
  audited(profileAggregate, profileEventSummary),
  audited(portfolioAggregate, portfolioEventSummary),
  audited(auditTrailAggregate, auditTrailEventSummary),
];

/** The aggregate a stream id belongs to (`profile-…`, `portfolio-…`, `audit-…`), or undefined for any other id. */
const aggregateOf = (streamId: string): AuditedAggregate | undefined =>
  auditedAggregates.find(({ type }) => streamId.startsWith(`${type.streamPrefix}-`) && streamId.length > type.streamPrefix.length + 1);

const entryOf = (aggregate: AuditedAggregate, event: RecordedEvent): TimelineEntry => {
  let summary: string;
  try {
    summary = aggregate.summary(aggregate.type.decode(event));
  } catch (error) {
    // One event this service cannot read must not hide the rest of the lineage.
    if (!(error instanceof UndecodableEvent)) throw error;
    summary = undecodableEventSummary(event.type, event.schemaVersion);
  }
  return {
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    engineVersion: event.engineVersion ?? null,
    ruleSetVersion: event.ruleSetVersion ?? null,
    hash: event.hash,
    previousHash: event.previousHash,
    summary,
  };
};

/**
 * Checks the role, reads, then records the read before answering: nothing read leaves unrecorded, and a request refused
 * for its parameters (a version the stream does not have) records nothing, as any refused request writes nothing.
 */
const auditRead = async <T>(
  services: AuditServices,
  reader: AuditReader,
  request: AuditReadRequest,
  streamId: string,
  read: (aggregate: AuditedAggregate) => Promise<AuditOutcome<T>>,
): Promise<AuditOutcome<T>> => {
  if (!hasRole(reader.principal, 'compliance')) return { kind: 'forbidden' };
  const aggregate = aggregateOf(streamId);
  if (aggregate === undefined) return { kind: 'not-found' };
  const outcome = await read(aggregate);
  if (outcome.kind === 'invalid') return outcome;
  const recording = await recordAuditRead(services, reader, request);
  return recording.recorded ? outcome : { kind: 'not-recorded', reason: recording.reason };
};

/** Verifies a stream's stored hash chain, naming its first bad version and why. */
export const verifyStream = (
  services: AuditServices,
  reader: AuditReader,
  request: AuditReadRequest,
  streamId: string,
): Promise<AuditOutcome<StreamVerification>> =>
  auditRead<StreamVerification>(services, reader, request, streamId, async () => {
    const verification = await services.verifyChain(streamId as StreamId);
    return verification === undefined ? { kind: 'not-found' } : { kind: 'ok', value: verification };
  });

/** The lineage timeline of a stream: one entry per event, oldest first. */
export const streamTimeline = (
  services: AuditServices,
  reader: AuditReader,
  request: AuditReadRequest,
  streamId: string,
): Promise<AuditOutcome<Timeline>> =>
  auditRead<Timeline>(services, reader, request, streamId, async (aggregate) => {
    const events = await services.store.readStream(streamId as StreamId);
    if (events.length === 0) return { kind: 'not-found' };
    return { kind: 'ok', value: { streamId, version: events.at(-1)!.version, entries: events.map((event) => entryOf(aggregate, event)) } };
  });

/** What changed in a stream's folded state between two versions, and the events in between. */
export const streamDiff = (
  services: AuditServices,
  reader: AuditReader,
  request: AuditReadRequest,
  streamId: string,
  range: DiffRange,
): Promise<AuditOutcome<StreamDiff>> =>
  auditRead<StreamDiff>(services, reader, request, streamId, async (aggregate) => {
    const events = await services.store.readStream(streamId as StreamId);
    const head = events.at(-1)?.version ?? 0;
    if (head === 0) return { kind: 'not-found' };
    const to = range.to ?? head;
    if (to < 1 || to > head) return { kind: 'invalid', parameter: 'to', value: range.to, message: `must be a version from 1 to ${head}, the stream's head` };
    const from = range.from ?? to - 1;
    if (from < 0 || from > to) return { kind: 'invalid', parameter: 'from', value: range.from, message: `must be a version from 0 to ${to} (to)` };
    const upTo = (version: number) => events.filter((event) => event.version <= version);
    const decoded: unknown[] = [];
    for (const event of upTo(to)) {
      try {
        decoded.push(aggregate.type.decode(event));
      } catch (error) {
        if (!(error instanceof UndecodableEvent)) throw error;
        return { kind: 'unreadable', version: event.version, message: error.message };
      }
    }
    const stateAt = (version: number) => fold(aggregate.type.decider, decoded.slice(0, upTo(version).length));
    const end = (version: number): DiffEnd => ({ version, recordedAt: events.find((event) => event.version === version)?.recordedAt ?? null });
    return {
      kind: 'ok',
      value: {
        streamId,
        from: end(from),
        to: end(to),
        events: events.filter((event) => event.version > from && event.version <= to).map((event) => entryOf(aggregate, event)),
        changes: stateDiff(stateAt(from), stateAt(to)),
      },
    };
  });
