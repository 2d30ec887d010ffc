import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../../adapters/integrity/eventHash.js';
import { hashedEventOf, toLineageRecord, type LineageRecord } from '../../../adapters/kinesis/lineageRecord.js';
import { verifyLineage } from '../../../adapters/kinesis/lineageVerification.js';
import { chainedStream } from './support/hashChain.js';

const recordsOf = (streamId: string, count: number): LineageRecord[] => chainedStream(streamId, count).map(toLineageRecord);

/** A second, untouched stream: tampering with one stream must not taint another's verdict. */
const bystander = recordsOf('portfolio-bystander', 4);

const verdictOf = (records: LineageRecord[], streamId = 'profile-x', options = {}) => {
  const verdicts = verifyLineage([...records, ...bystander], options);
  expect(verdicts.find((v) => v.streamId === 'portfolio-bystander')).toMatchObject({ ok: true, events: 4 });
  return verdicts.find((v) => v.streamId === streamId);
};

const failure = (records: LineageRecord[]) => {
  const verdict = verdictOf(records);
  return verdict?.ok === false ? { version: verdict.version, problem: verdict.problem } : verdict;
};

const rehashed = (record: LineageRecord, change: Partial<LineageRecord>): LineageRecord => {
  const changed = { ...record, ...change };
  return { ...changed, hash: eventHash(hashedEventOf(changed)) };
};

describe('verifyLineage', () => {
  it('accepts intact chains and reports their length and head hash', () => {
    const records = recordsOf('profile-x', 10);
    expect(verdictOf(records)).toEqual({ streamId: 'profile-x', ok: true, events: 10, firstVersion: 1, lastVersion: 10, headHash: records[9]!.hash });
  });

  it('names altered data as a hash mismatch at that version', () => {
    const records = recordsOf('profile-x', 10);
    records[6] = { ...records[6]!, data: { amount: '999999.00' } };
    expect(failure(records)).toEqual({ version: 7, problem: 'hash-mismatch' });
  });

  it('names content that cannot even be hashed as a hash mismatch at that version, and goes on with the rest', () => {
    for (const data of [{ note: 'lone \ud800 surrogate' }, { amount: Infinity }]) {
      const records = recordsOf('profile-x', 10);
      records[4] = { ...records[4]!, data };
      expect(failure(records)).toEqual({ version: 5, problem: 'hash-mismatch' });
      // Whatever hash it claims: no word stands for "unhashable" that a forger could claim instead.
      for (const claimed of ['unhashable', '']) {
        records[4] = { ...records[4]!, hash: claimed };
        records[5] = { ...records[5]!, previous_hash: claimed };
        expect(failure(records)).toEqual({ version: 5, problem: 'hash-mismatch' });
      }
    }
  });

  it('names a forged record that carries a fresh hash as a chain break at the next version', () => {
    const records = recordsOf('profile-x', 10);
    records[6] = rehashed(records[6]!, { actor: 'mallory' });
    expect(failure(records)).toEqual({ version: 8, problem: 'chain-break' });
  });

  it('names a missing version as a gap, including a missing first version', () => {
    const records = recordsOf('profile-x', 10);
    expect(failure(records.filter((r) => r.version !== 5))).toEqual({ version: 5, problem: 'gap' });
    expect(failure(records.filter((r) => r.version !== 1))).toEqual({ version: 1, problem: 'gap' });
  });

  it('accepts a window that starts mid-stream when told not to expect the genesis', () => {
    const records = recordsOf('profile-x', 10).slice(3);
    expect(verdictOf(records, 'profile-x', { expectGenesis: false })).toMatchObject({ ok: true, firstVersion: 4, lastVersion: 10 });
  });

  it('names swapped versions as a reorder at the earlier version', () => {
    const records = recordsOf('profile-x', 10);
    [records[4], records[5]] = [records[5]!, records[4]!];
    expect(failure(records)).toEqual({ version: 5, problem: 'reorder' });
  });

  it('accepts an identical redelivery but names a different record at the same version as a duplicate', () => {
    const records = recordsOf('profile-x', 10);
    expect(verdictOf([...records.slice(0, 4), records[2]!, ...records.slice(4)])).toMatchObject({ ok: true, events: 10 });
    const conflicting = { ...records[2]!, data: { forged: true } };
    expect(failure([...records.slice(0, 4), conflicting, ...records.slice(4)])).toEqual({ version: 3, problem: 'duplicate' });
  });

  it('names a first event that does not start from the genesis hash as a chain break at version 1', () => {
    const records = recordsOf('profile-x', 3);
    records[0] = rehashed(records[0]!, { previous_hash: 'f'.repeat(64) });
    expect(failure(records)).toEqual({ version: 1, problem: 'chain-break' });
  });

  it('names an event whose fragments did not all arrive, even at the end of the stream', () => {
    const records = recordsOf('profile-x', 10);
    const verdict = verifyLineage(records.slice(0, 9), { incomplete: [{ streamId: 'profile-x', version: 10, received: 1, count: 3 }] });
    expect(verdict[0]).toMatchObject({ ok: false, version: 10, problem: 'incomplete' });
  });

  it('finds any single tampering of a random chain at exactly the tampered version', () => {
    const tampering = fc.record({
      length: fc.integer({ min: 3, max: 40 }),
      at: fc.nat(),
      kind: fc.constantFrom('alter', 'drop', 'swap', 'conflict', 'forge'),
    });
    fc.assert(
      fc.property(tampering, ({ length, at, kind }) => {
        const records = recordsOf('profile-x', length);
        // Dropping or forging the head is invisible to a chain (checked against the store's head hash instead).
        const i = at % (length - 1);
        const version = i + 1;
        if (kind === 'alter') records[i] = { ...records[i]!, type: 'Forged' };
        if (kind === 'drop') records.splice(i, 1);
        if (kind === 'swap') [records[i], records[i + 1]] = [records[i + 1]!, records[i]!];
        if (kind === 'conflict') records.push({ ...records[i]!, actor: 'mallory' });
        if (kind === 'forge') records[i] = rehashed(records[i]!, { data: { forged: true } });
        const expected = {
          alter: { version, problem: 'hash-mismatch' },
          drop: { version, problem: 'gap' },
          swap: { version, problem: 'reorder' },
          conflict: { version, problem: 'duplicate' },
          forge: { version: version + 1, problem: 'chain-break' },
        }[kind];
        expect(failure(records)).toEqual(expected);
      }),
    );
  });
});
