import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamId } from '../../../application/ports/eventStore.js';
import { eventHash, genesisHash } from '../../../adapters/integrity/eventHash.js';
import { decodeLineageRecord, lineageRecordJson, recomputedHash, toLineageRecord } from '../../../adapters/kinesis/lineageRecord.js';
import { chainedStream } from './support/hashChain.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const anEvent = fc
  .record({
    version: fc.integer({ min: 1, max: 1_000_000 }),
    type: fc.string({ minLength: 1 }),
    schemaVersion: fc.integer({ min: 0, max: 9 }),
    data: fc.jsonValue(),
    actor: fc.string(),
    engineVersion: fc.option(fc.string(), { nil: undefined }),
    ruleSetVersion: fc.option(fc.string(), { nil: undefined }),
  })
  .map(({ engineVersion, ruleSetVersion, ...fields }) => {
    const unhashed = {
      ...fields,
      streamId: 'portfolio-1' as StreamId,
      eventId: 'e-1',
      recordedAt: '2025-03-01T10:00:00.000Z',
      correlationId: 'c-1',
      causationId: 'k-1',
      commitId: 'commit-1',
      previousHash: genesisHash,
      ...(engineVersion === undefined ? {} : { engineVersion }),
      ...(ruleSetVersion === undefined ? {} : { ruleSetVersion }),
    };
    return { ...unhashed, hash: eventHash(unhashed) };
  });

describe('lineage record', () => {
  it('recomputes to the stored hash, with or without engine and rule-set versions', () => {
    fc.assert(
      fc.property(anEvent, (event) => {
        expect(recomputedHash(toLineageRecord(event))).toBe(event.hash);
      }),
    );
  });

  it('lets a consumer without our code verify it: SHA-256 of the canonical JSON of the record minus hash', () => {
    fc.assert(
      fc.property(anEvent, (event) => {
        const parsed = JSON.parse(lineageRecordJson(toLineageRecord(event))) as Record<string, unknown>;
        const { hash, ...covered } = parsed;
        expect(sha256(canonicalize(covered) ?? '')).toBe(hash);
      }),
    );
  });

  it('survives the wire: the parsed canonical JSON decodes to an equal record that still verifies', () => {
    fc.assert(
      fc.property(anEvent, (event) => {
        const record = toLineageRecord(event);
        const decoded = decodeLineageRecord(JSON.parse(lineageRecordJson(record)));
        expect('record' in decoded && recomputedHash(decoded.record)).toBe(event.hash);
        expect('record' in decoded && lineageRecordJson(decoded.record)).toBe(lineageRecordJson(record));
      }),
    );
  });

  it('serialises canonically: sorted keys, absent versions as null, one line', () => {
    const [first] = chainedStream('profile-a', 1);
    const json = lineageRecordJson(toLineageRecord(first!));
    expect(Object.keys(JSON.parse(json))).toEqual([
      'actor',
      'causation_id',
      'commit_id',
      'correlation_id',
      'data',
      'engine_version',
      'event_id',
      'hash',
      'previous_hash',
      'recorded_at',
      'rule_set_version',
      'schema_version',
      'stream_id',
      'type',
      'version',
    ]);
    expect(JSON.parse(json)).toMatchObject({ engine_version: null, rule_set_version: null, previous_hash: genesisHash });
    expect(json).not.toContain('\n');
  });

  it('refuses a field the hash does not cover, a missing field and a non-positive version', () => {
    const record = JSON.parse(lineageRecordJson(toLineageRecord(chainedStream('profile-a', 1)[0]!))) as Record<string, unknown>;
    expect(decodeLineageRecord({ ...record, note: 'smuggled' })).toEqual({ error: 'unexpected field(s) note' });
    const { actor: _actor, ...withoutActor } = record;
    expect(decodeLineageRecord(withoutActor)).toEqual({ error: 'actor must be a string' });
    expect(decodeLineageRecord({ ...record, version: 0 })).toEqual({ error: 'version must be an integer >= 1' });
    expect(decodeLineageRecord([record])).toEqual({ error: 'not a JSON object' });
  });
});
