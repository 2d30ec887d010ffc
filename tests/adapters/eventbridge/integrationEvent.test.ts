import { describe, expect, it } from 'vitest';
import { integrationEntry, integrationMetadata, integrationSource } from '../../../adapters/eventbridge/integrationEvent.js';
import { putEventsEntrySize } from '../../../adapters/eventbridge/putEventsLimits.js';
import { portfolioProposed, profileCreated } from './support/sampleEvents.js';
import { recordedEvent } from './support/streamEvents.js';

const options = { busName: 'bus', source: 'fiducia', replay: false, maxEntryBytes: 262_144 };

describe('integration event source', () => {
  it.each([
    ['profile-6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c44', 'fiducia.profiles'],
    ['portfolio-0d5e8f3a', 'fiducia.portfolios'],
    ['audit-compliance-officer-2', 'fiducia.audit'],
    ['ledger-42', 'fiducia.ledger'],
    ['constructor-1', 'fiducia.constructor'],
    ['nodash', 'fiducia.nodash'],
    ['-odd', 'fiducia.unknown'],
  ])('names the source of stream %s %s', (streamId, source) => {
    expect(integrationSource('fiducia', streamId)).toBe(source);
  });
});

describe('integration event metadata', () => {
  it('leaves out engine and rule-set versions an event does not have, and the internal actor, commit and chain fields', () => {
    const metadata = integrationMetadata(profileCreated(), false);
    expect(Object.keys(metadata)).toEqual([
      'event_id',
      'stream_id',
      'version',
      'type',
      'schema_version',
      'recorded_at',
      'correlation_id',
      'causation_id',
      'hash',
    ]);
  });

  it('includes engine and rule-set versions where the event records them, and the replay flag on a replay', () => {
    expect(integrationMetadata(portfolioProposed(), true)).toMatchObject({
      engine_version: '1.0.0',
      rule_set_version: 'best-interest-2026.1',
      replay: true,
    });
  });
});

describe('integration event entry', () => {
  it('uses the event type as detail-type for any type, known or not', () => {
    const event = recordedEvent({ streamId: 'profile-1', version: 3, type: 'BrandNewThing', data: { x: 1 } });
    const { entry, claimCheck } = integrationEntry(event, options);
    expect(claimCheck).toBeUndefined();
    expect(entry.DetailType).toBe('BrandNewThing');
    expect(JSON.parse(entry.Detail ?? '')).toEqual({ metadata: integrationMetadata(event, false), data: { x: 1 } });
  });

  it('leaves Time out when the recorded instant cannot be read as a date, rather than failing the entry', () => {
    const event = recordedEvent({ streamId: 'profile-1', version: 1, type: 'X', data: {}, recordedAt: 'not-a-time' });
    expect(integrationEntry(event, options).entry).not.toHaveProperty('Time');
  });

  it('falls back to a claim check from the first byte at the limit, and refuses when even that cannot fit', () => {
    const event = portfolioProposed(3);
    const whole = integrationEntry(event, options).entry;
    const size = putEventsEntrySize(whole);
    expect(integrationEntry(event, { ...options, maxEntryBytes: size + 1 }).claimCheck).toBeUndefined();
    const { entry, claimCheck } = integrationEntry(event, { ...options, maxEntryBytes: size });
    expect(claimCheck).toEqual({ stream_id: event.streamId, version: 1, detail_bytes: Buffer.byteLength(whole.Detail ?? '') });
    expect(putEventsEntrySize(entry)).toBeLessThan(size);
    expect(() => integrationEntry(event, { ...options, maxEntryBytes: 300 })).toThrow(RangeError);
  });
});
