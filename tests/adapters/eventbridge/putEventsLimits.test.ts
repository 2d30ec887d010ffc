import { describe, expect, it } from 'vitest';
import { putEventsEntrySize, putEventsMaxBytes, putEventsMaxEntries } from '../../../adapters/eventbridge/putEventsLimits.js';

describe('PutEvents entry size', () => {
  it('counts 14 bytes for Time and the UTF-8 bytes of Source, DetailType, Detail and each resource (AWS formula)', () => {
    const entry = { Time: new Date(0), Source: 'fiducia.profiles', DetailType: 'ProfileCreated', Detail: '{"a":"é€"}', Resources: ['arn:x', 'arn:yy'] };
    // Detail: 8 ASCII characters, "é" (2 bytes) and "€" (3 bytes).
    expect(putEventsEntrySize(entry)).toBe(14 + 16 + 14 + (8 + 2 + 3) + 5 + 6);
  });

  it('also counts the bus name and trace header, which AWS does not, so the estimate errs on the safe side', () => {
    const base = { Source: 's', DetailType: 'd', Detail: '{}' };
    expect(putEventsEntrySize({ ...base, EventBusName: 'fiducia-integration', TraceHeader: 'Root=1-abc' })).toBe(
      putEventsEntrySize(base) + 'fiducia-integration'.length + 'Root=1-abc'.length,
    );
  });

  it('counts nothing for absent fields', () => {
    expect(putEventsEntrySize({})).toBe(0);
  });

  it('uses the EventBridge quotas: 10 entries and 256 KiB per call', () => {
    expect([putEventsMaxEntries, putEventsMaxBytes]).toEqual([10, 262_144]);
  });
});
