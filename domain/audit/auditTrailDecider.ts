import { right } from 'fp-ts/lib/Either.js';
import type { Decider } from '../decider.js';
import type { AuditTrailEvent } from './auditTrailEvents.js';

/** Records that the command's actor read an audit resource; the instant comes from the application's clock. */
export interface RecordAuditRead {
  readonly kind: 'RecordAuditRead';
  readonly resource: string;
  readonly query: Readonly<Record<string, string>>;
  readonly at: string;
}

export type AuditTrailCommand = RecordAuditRead;

/** What a reader's trail shows at a glance: how many audit reads, and the latest one's instant. */
export interface AuditTrailState {
  readonly reads: number;
  readonly last_read_at: string | null;
}

/**
 * A reader's audit trail. Recording a read never fails on the trail's state: a refused recording would have to refuse
 * the read itself, so the only reasons not to serve are the store's (conflicts, outages), never the decider's.
 */
export const auditTrailDecider: Decider<AuditTrailCommand, AuditTrailEvent, AuditTrailState> = {
  initialState: { reads: 0, last_read_at: null },
  decide: (command) => right([{ type: 'AuditRead', data: { resource: command.resource, query: { ...command.query }, at: command.at } }]),
  evolve: (state, event) => ({ reads: state.reads + 1, last_read_at: event.data.at }),
};
