import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditTrailDecider, type RecordAuditRead } from '../../../domain/audit/auditTrailDecider.js';
import { auditTrailEventCodec } from '../../../domain/audit/auditTrailEvents.js';
import { fold } from '../../../domain/decider.js';

const read = (at: string, resource = '/audit/streams/profile-1', query: Record<string, string> = {}): RecordAuditRead => ({
  kind: 'RecordAuditRead',
  resource,
  query,
  at,
});

describe('auditTrailDecider', () => {
  it('turns RecordAuditRead into one AuditRead event with the resource, the query and the instant', () => {
    const decision = auditTrailDecider.decide(read('2026-11-22T10:00:00.000Z', '/audit/streams/profile-1/diff', { from: '1', to: '3' }), auditTrailDecider.initialState);
    expect(decision).toEqual(
      E.right([{ type: 'AuditRead', data: { resource: '/audit/streams/profile-1/diff', query: { from: '1', to: '3' }, at: '2026-11-22T10:00:00.000Z' } }]),
    );
  });

  it('always records, whatever the trail holds already: a refused recording would refuse the read', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.string(), fc.dictionary(fc.string(), fc.string()), (reads, resource, query) => {
        const state = { reads, last_read_at: reads === 0 ? null : '2026-01-01T00:00:00.000Z' };
        const decision = auditTrailDecider.decide(read('2026-11-22T10:00:00.000Z', resource, query), state);
        expect(E.isRight(decision) && decision.right.length === 1 && decision.right[0]!.data.resource === resource).toBe(true);
      }),
    );
  });

  it('counts the reads and keeps the latest instant', () => {
    const events = ['2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z'].flatMap((at) => {
      const decision = auditTrailDecider.decide(read(at), auditTrailDecider.initialState);
      return E.isRight(decision) ? decision.right : [];
    });
    expect(fold(auditTrailDecider, events)).toEqual({ reads: 2, last_read_at: '2026-11-22T11:00:00.000Z' });
  });

  it('decodes what it records and refuses an event of another shape', () => {
    const event = { type: 'AuditRead', data: { resource: '/profiles/p-1', query: { as_of: '2026-01-01T00:00:00Z' }, at: '2026-11-22T10:00:00.000Z' } };
    expect(auditTrailEventCodec.decode(event)).toEqual(E.right(event));
    expect(E.isLeft(auditTrailEventCodec.decode({ ...event, data: { ...event.data, query: { version: 3 } } }))).toBe(true);
    expect(E.isLeft(auditTrailEventCodec.decode({ ...event, type: 'AuditWrite' }))).toBe(true);
  });
});
