import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { portfolioAggregate } from '../../application/portfolioAggregate.js';
import { profileAggregate } from '../../application/profileAggregate.js';
import { registryEventDecoder, storedEventDecoder, UndecodableEvent } from '../../application/storedEventDecoder.js';
import { upcasterRegistry } from '../../domain/schemaEvolution/upcasterRegistry.js';
import { goldenFiles } from '../golden/goldenFile.js';

/** A golden event of a type, as first written (schema version 1). */
const goldenEvent = (type: string): RecordedEvent => {
  const event = goldenFiles()
    .flatMap((file) => file.events)
    .find((candidate) => candidate.type === type && candidate.schemaVersion === 1);
  if (event === undefined) throw new Error(`no golden ${type}`);
  return event;
};

// A hypothetical next version of PortfolioWithdrawn that also names who withdrew it.
const withdrawnV2 = t.type({
  type: t.literal('PortfolioWithdrawn'),
  data: t.type({ portfolio_id: t.string, reason: t.union([t.string, t.null]), at: t.string, withdrawn_by: t.union([t.string, t.null]) }),
});
const v2Versions = { PortfolioProposed: 1, PortfolioRevised: 1, PortfolioWithdrawn: 2 };
const addWithdrawnBy = { type: 'PortfolioWithdrawn', fromVersion: 1, upcast: (data: unknown) => ({ ...(data as object), withdrawn_by: null }) };

describe('decoding stored events through an upcaster registry', () => {
  it('reads a golden v1 event in a new shape once the upcaster to v2 exists, and v2 events as they are', () => {
    const decode = registryEventDecoder(withdrawnV2, upcasterRegistry('portfolio', v2Versions, [addWithdrawnBy]));
    const v1 = goldenEvent('PortfolioWithdrawn');
    expect(v1.schemaVersion).toBe(1);
    expect(decode(v1).data).toEqual({ ...(v1.data as object), withdrawn_by: null });
    const v2 = { ...v1, schemaVersion: 2, data: { ...(v1.data as object), withdrawn_by: 'advisor-1' } };
    expect(decode(v2).data.withdrawn_by).toBe('advisor-1');
  });

  it('breaks on old events when a shape changes without its upcaster: the registry refuses, or decoding does', () => {
    expect(() => upcasterRegistry('portfolio', v2Versions, [])).toThrow(/PortfolioWithdrawn: no upcaster from v1 to v2/);
    const withoutBump = registryEventDecoder(withdrawnV2, upcasterRegistry('portfolio', { ...v2Versions, PortfolioWithdrawn: 1 }, []));
    expect(() => withoutBump(goldenEvent('PortfolioWithdrawn'))).toThrow(UndecodableEvent);
    expect(() => withoutBump(goldenEvent('PortfolioWithdrawn'))).toThrow(/data\.withdrawn_by/);
  });

  it('refuses an event written by a newer service and an event of an unknown type, naming the event', () => {
    const newer = { ...goldenEvent('PortfolioProposed'), schemaVersion: 3 };
    expect(() => portfolioAggregate.decode(newer)).toThrow(/@1 \(PortfolioProposed v3\) cannot be decoded: schema version 3 is newer than this service knows \(2\)/);
    const unknown = { ...goldenEvent('ProfileCreated'), type: 'ProfileDeleted' };
    expect(() => profileAggregate.decode(unknown)).toThrow(/ProfileDeleted is not a profile event type/);
  });

  it('writes new events at the current schema version of their type', () => {
    const withdrawn = portfolioAggregate.decode(goldenEvent('PortfolioWithdrawn'));
    expect(portfolioAggregate.encode(withdrawn)).toMatchObject({ type: 'PortfolioWithdrawn', schemaVersion: 1 });
    // A proposal read at version 1 is upcast to 2, and written again (as a new event would be) at 2.
    const proposed = portfolioAggregate.decode(goldenEvent('PortfolioProposed'));
    expect(goldenEvent('PortfolioProposed').schemaVersion).toBe(1);
    expect(portfolioAggregate.encode(proposed)).toMatchObject({ schemaVersion: 2, engineVersion: '1.0.0' });
    expect(profileAggregate.encode(profileAggregate.decode(goldenEvent('RiskAssessed')))).toMatchObject({ type: 'RiskAssessed', schemaVersion: 1 });
  });

  it('keeps the function-based decoder working for callers that upcast by hand', () => {
    const decode = storedEventDecoder(withdrawnV2, () => 2, (event) => (event.schemaVersion === 1 ? { type: event.type, data: { ...(event.data as object), withdrawn_by: null } } : event));
    expect(decode(goldenEvent('PortfolioWithdrawn')).data.withdrawn_by).toBeNull();
    expect(() => decode({ ...goldenEvent('PortfolioWithdrawn'), schemaVersion: 3 })).toThrow(/newer than this service knows \(2\)/);
  });
});
