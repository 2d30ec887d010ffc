import { randomUUID } from 'node:crypto';
import { left } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditTrailAggregate, recordAuditRead, type AuditReader } from '../../application/auditTrail.js';
import type { CommandServices } from '../../application/commandExecution.js';
import type { EventStore, StreamId } from '../../application/ports/eventStore.js';
import type { ActorId, Principal } from '../../application/principal.js';
import { loadSnapshot, SnapshotCache } from '../../application/streamSnapshot.js';
import { dynamoEventStore } from '../../adapters/dynamodb/eventStore.js';
import { useDynamo } from '../support/dynamo.js';

const principal = (sub: string): Principal => ({ sub: sub as ActorId, roles: new Set(['compliance']) });
const reader = (sub: string): AuditReader => ({ principal: principal(sub), correlationId: `corr-${randomUUID()}`, causationId: `cause-${randomUUID()}` });

describe('recordAuditRead (DynamoDB Local)', () => {
  let store: EventStore;
  const services = (overrides: Partial<CommandServices> = {}): CommandServices => ({
    store,
    cache: new SnapshotCache(),
    clock: () => new Date().toISOString(),
    newId: randomUUID,
    ...overrides,
  });

  beforeAll(async () => {
    const dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
  });

  it("appends an AuditRead to the reader's trail, with the reader as actor and the request's correlation id", async () => {
    const who = reader(`compliance-${randomUUID()}`);
    const recording = await recordAuditRead(services({ clock: () => '2026-11-22T10:00:00.000Z' }), who, { resource: '/profiles/p-1', query: { as_of: '2026-01-01T00:00:00Z' } });
    expect(recording).toEqual({ recorded: true, streamId: `audit-${who.principal.sub}`, version: 1 });
    const [event] = await store.readStream(`audit-${who.principal.sub}` as StreamId);
    expect(event).toMatchObject({
      type: 'AuditRead',
      version: 1,
      actor: who.principal.sub,
      correlationId: who.correlationId,
      causationId: who.causationId,
      recordedAt: '2026-11-22T10:00:00.000Z',
      data: { resource: '/profiles/p-1', query: { as_of: '2026-01-01T00:00:00Z' }, at: '2026-11-22T10:00:00.000Z' },
    });
  });

  it('records every one of many concurrent reads by one reader, retrying the conflicts', async () => {
    const sub = `compliance-${randomUUID()}`;
    // Separate processes each have their own cache; here each read even has its own, as on separate Lambdas.
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => recordAuditRead(services(), reader(sub), { resource: `/audit/streams/profile-${i}`, query: {} })),
    );
    expect(outcomes.every((outcome) => outcome.recorded)).toBe(true);
    const events = await store.readStream(`audit-${sub}` as StreamId);
    expect(events.map((event) => event.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(events.map((event) => (event.data as { resource: string }).resource)).size).toBe(12);
    expect((await loadSnapshot(store, auditTrailAggregate, `audit-${sub}` as StreamId)).state.reads).toBe(12);
  });

  it('fails closed: a trail that cannot be written is reported, so the read is not served', async () => {
    let attempts = 0;
    const contended: EventStore = {
      ...store,
      commit: async (commit) => {
        attempts += 1;
        return left({ kind: 'conflict', streamId: commit.appends[0]!.streamId });
      },
    };
    const recording = await recordAuditRead(services({ store: contended }), reader('compliance-1'), { resource: '/x', query: {} });
    expect(recording).toMatchObject({ recorded: false, reason: expect.stringContaining('audit-compliance-1') });
    expect(attempts).toBeGreaterThan(3);

    const broken: EventStore = { ...store, commit: () => Promise.reject(new Error('DynamoDB is down')) };
    await expect(recordAuditRead(services({ store: broken }), reader('compliance-1'), { resource: '/x', query: {} })).rejects.toThrow('DynamoDB is down');
  });
});
