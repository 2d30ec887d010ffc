import * as t from 'io-ts';

/**
 * Events of a reader's audit trail (stream `audit-<reader>`): every read of past states or lineage is itself
 * evidence, recorded before it is served. Who read is the event's actor (store metadata), so the data names only
 * what was read and when.
 */

/** Schema version of every audit-trail event type. */
export const auditTrailEventSchemaVersion = 1;

/** One audit read: the resource (e.g. `/audit/streams/profile-1/diff`), its query parameters, and the instant. */
export interface AuditRead {
  readonly type: 'AuditRead';
  readonly data: {
    readonly resource: string;
    readonly query: Readonly<Record<string, string>>;
    readonly at: string;
  };
}

export type AuditTrailEvent = AuditRead;

/** Decodes a stored audit-trail event (current schema version). */
export const auditTrailEventCodec: t.Type<AuditTrailEvent, AuditTrailEvent, unknown> = t.strict(
  {
    type: t.literal('AuditRead'),
    data: t.strict({ resource: t.string, query: t.record(t.string, t.string), at: t.string }),
  },
  'AuditRead',
);
