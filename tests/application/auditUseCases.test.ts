import { randomUUID } from 'node:crypto';
import { isLeft, left } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../application/auditTrail.js';
import { streamDiff, streamTimeline, verifyStream, type AuditOutcome, type AuditServices } from '../../application/auditUseCases.js';
import type { CommandContext } from '../../application/commandExecution.js';
import type { EventStore, StreamId } from '../../application/ports/eventStore.js';
import type { ActorId, Principal, Role } from '../../application/principal.js';
import { changeProfile, createProfile } from '../../application/profileUseCases.js';
import { SnapshotCache } from '../../application/streamSnapshot.js';
import { dynamoEventStore } from '../../adapters/dynamodb/eventStore.js';
import type { StreamVerification } from '../../domain/audit/streamVerification.js';
import { parseObjectivesBody, parseTargetAllocationBody } from '../../domain/profile/profileCommandBodies.js';
import { profileIdFrom } from '../../domain/profile/profileValues.js';
import { useDynamo } from '../support/dynamo.js';
import { createCommand } from '../domain/profile/support/profileFixtures.js';

const principal = (sub: string, ...roles: Role[]): Principal => ({ sub: sub as ActorId, roles: new Set(roles) });
const readerOf = (p: Principal): AuditReader => ({ principal: p, correlationId: randomUUID(), causationId: randomUUID() });
const request = { resource: '/audit/streams/x', query: {} };
const ok = <T>(result: AuditOutcome<T>): T => {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
};

describe('audit use cases (DynamoDB Local)', () => {
  let store: EventStore;
  let verified: string[];
  let times: string[];
  const services = (overrides: Partial<AuditServices> = {}): AuditServices => ({
    store,
    cache: new SnapshotCache(),
    clock: () => times.shift() ?? new Date().toISOString(),
    newId: randomUUID,
    verifyChain: async (streamId): Promise<StreamVerification> => {
      verified.push(streamId);
      return { streamId, ok: true, events: 1, lastVersion: 1, headHash: 'h' };
    },
    ...overrides,
  });
  const advisor = principal('advisor-1', 'advisor');
  const compliance = principal(`compliance-${randomUUID()}`, 'compliance');
  const auditReads = async (p: Principal) => (await store.readStream(`audit-${p.sub}` as StreamId)).length;

  /** A profile with three events: created, objectives set, target allocation set. */
  const profileWithHistory = async (): Promise<string> => {
    const profileId = randomUUID();
    const context = (): CommandContext => ({ actor: advisor.sub, correlationId: randomUUID(), causationId: randomUUID() });
    const render = () => ({ status: 200, headers: {}, body: '' });
    const command = { ...createCommand(), profile_id: profileIdFrom(profileId)! };
    times = ['2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z', '2026-11-22T12:00:00.000Z'];
    const steps = [
      () => createProfile(services(), context(), command, render),
      () => changeProfile(services(), context(), advisor, profileId, (parseObjectivesBody({ investment_objectives: ['growth'] }) as any).right, render),
      () =>
        changeProfile(services(), context(), advisor, profileId, (parseTargetAllocationBody({ target_allocation: { bonds: '100' } }) as any).right, render),
    ];
    for (const step of steps) expect((await step()).kind).toBe('done');
    return `profile-${profileId}`;
  };

  beforeAll(async () => {
    const dynamo = await useDynamo();
    store = dynamoEventStore(dynamo.client, dynamo.tables);
    verified = [];
    times = [];
  });

  it('refuses every audit view to anyone but compliance, recording and reading nothing', async () => {
    const stream = await profileWithHistory();
    const client = principal('client-7', 'client');
    for (const who of [advisor, client]) {
      expect(await verifyStream(services(), readerOf(who), request, stream)).toEqual({ kind: 'forbidden' });
      expect(await streamTimeline(services(), readerOf(who), request, stream)).toEqual({ kind: 'forbidden' });
      expect(await streamDiff(services(), readerOf(who), request, stream, {})).toEqual({ kind: 'forbidden' });
      expect(await auditReads(who)).toBe(0);
    }
    expect(verified).not.toContain(stream);
  });

  it('records every read it serves, and serves nothing when the recording fails', async () => {
    const stream = await profileWithHistory();
    const before = await auditReads(compliance);
    expect(ok(await verifyStream(services(), readerOf(compliance), { resource: `/audit/streams/${stream}/verification`, query: {} }, stream))).toMatchObject({ ok: true });
    expect(verified).toContain(stream);
    expect(await auditReads(compliance)).toBe(before + 1);

    const contended: EventStore = { ...store, commit: async (commit) => left({ kind: 'conflict', streamId: commit.appends[0]!.streamId }) };
    expect(await verifyStream(services({ store: contended }), readerOf(compliance), request, stream)).toMatchObject({ kind: 'not-recorded' });
    expect(await streamTimeline(services({ store: contended }), readerOf(compliance), request, stream)).toMatchObject({ kind: 'not-recorded' });
    expect(await auditReads(compliance)).toBe(before + 1);
  });

  it('knows only profile, portfolio and audit streams, and none without events', async () => {
    const before = await auditReads(compliance);
    expect(await streamTimeline(services(), readerOf(compliance), request, 'other-1')).toEqual({ kind: 'not-found' });
    expect(await streamTimeline(services(), readerOf(compliance), request, 'profile-')).toEqual({ kind: 'not-found' });
    expect(await auditReads(compliance)).toBe(before);
    expect(await streamTimeline(services(), readerOf(compliance), request, `portfolio-${randomUUID()}`)).toEqual({ kind: 'not-found' });
    expect(await verifyStream(services({ verifyChain: async () => undefined }), readerOf(compliance), request, `profile-${randomUUID()}`)).toEqual({ kind: 'not-found' });
  });

  it('lists the lineage timeline with metadata, hashes and PII-free summaries', async () => {
    const stream = await profileWithHistory();
    const timeline = ok(await streamTimeline(services(), readerOf(compliance), request, stream));
    const events = await store.readStream(stream as StreamId);
    expect(timeline.version).toBe(3);
    expect(timeline.entries.map((entry) => [entry.version, entry.type, entry.recordedAt, entry.actor, entry.hash])).toEqual(
      events.map((event) => [event.version, event.type, event.recordedAt, 'advisor-1', event.hash]),
    );
    expect(timeline.entries[1]).toMatchObject({ correlationId: events[1]!.correlationId, causationId: events[1]!.causationId, previousHash: events[0]!.hash, engineVersion: null });
    expect(timeline.entries.map((entry) => entry.summary)).toEqual([
      expect.stringMatching(/^Profile created in Draft by advisor advisor-1 for client client-7/),
      'Investment objectives set to growth.',
      'Target allocation set to bonds 100 %.',
    ]);
    expect(JSON.stringify(timeline)).not.toContain('Lovelace');
  });

  it('shows what changed between two versions, defaulting to the last event', async () => {
    const stream = await profileWithHistory();
    const reader = readerOf(compliance);
    const diff = ok(await streamDiff(services(), reader, request, stream, { from: 1, to: 3 }));
    expect(diff.from).toEqual({ version: 1, recordedAt: '2026-11-22T10:00:00.000Z' });
    expect(diff.to).toEqual({ version: 3, recordedAt: '2026-11-22T12:00:00.000Z' });
    expect(diff.events.map((event) => event.version)).toEqual([2, 3]);
    expect(diff.changes).toEqual([
      { path: 'investment_objectives[0]', change: 'changed', from: 'income', to: 'growth' },
      { path: 'investment_objectives[1]', change: 'removed', from: 'capital_preservation' },
      { path: 'target_allocation.bonds', change: 'changed', from: '60', to: '100' },
      { path: 'target_allocation.us_equity', change: 'removed', from: '30' },
      { path: 'target_allocation.cash', change: 'removed', from: '10' },
      { path: 'updated_at', change: 'changed', from: '2026-11-22T10:00:00.000Z', to: '2026-11-22T12:00:00.000Z' },
    ]);
    const last = ok(await streamDiff(services(), reader, request, stream, {}));
    expect([last.from.version, last.to.version]).toEqual([2, 3]);
    const creation = ok(await streamDiff(services(), reader, request, stream, { from: 0, to: 1 }));
    expect(creation.from).toEqual({ version: 0, recordedAt: null });
    expect(creation.changes.every((change) => change.change === 'added')).toBe(true);
    expect(creation.changes.map((change) => change.path)).toContain('client');
  });

  it('names the parameter of a version the stream does not have, and records no read', async () => {
    const stream = await profileWithHistory();
    const reader = readerOf(compliance);
    const before = await auditReads(compliance);
    expect(await streamDiff(services(), reader, request, stream, { to: 4 })).toMatchObject({ kind: 'invalid', parameter: 'to', value: 4 });
    expect(await streamDiff(services(), reader, request, stream, { to: 0 })).toMatchObject({ kind: 'invalid', parameter: 'to' });
    expect(await streamDiff(services(), reader, request, stream, { from: 3, to: 2 })).toMatchObject({ kind: 'invalid', parameter: 'from', value: 3 });
    expect(await auditReads(compliance)).toBe(before);
  });

  it('summarises an event it cannot decode by its type, and refuses to fold past it', async () => {
    const stream = `profile-${randomUUID()}` as StreamId;
    const committed = await store.commit({
      appends: [{ streamId: stream, expectedVersion: 0, previousHash: undefined, events: [{ eventId: randomUUID(), type: 'ProfileCreated', schemaVersion: 1, data: { garbage: true } }] }],
      context: { actor: 'advisor-1', correlationId: randomUUID(), causationId: randomUUID(), recordedAt: new Date().toISOString() },
    });
    expect(isLeft(committed)).toBe(false);
    const timeline = ok(await streamTimeline(services(), readerOf(compliance), request, stream));
    expect(timeline.entries[0]!.summary).toBe('ProfileCreated (schema version 1): not readable by this version of the service.');
    expect(await streamDiff(services(), readerOf(compliance), request, stream, {})).toMatchObject({ kind: 'unreadable', version: 1 });
  });
});
