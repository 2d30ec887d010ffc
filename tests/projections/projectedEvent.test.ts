import { describe, expect, it } from 'vitest';
import { projectedEventOf, UndecodableEvent } from '../../projections/projectedEvent.js';

const base = { version: 1, schemaVersion: 1 };

describe('projectedEventOf', () => {
  it('routes portfolio and profile streams to their decoders and ignores other streams', () => {
    const withdrawn = { portfolio_id: 'p-1', reason: null, at: '2026-01-01T00:00:00Z' };
    expect(projectedEventOf({ ...base, streamId: 'portfolio-p-1', type: 'PortfolioWithdrawn', data: withdrawn })).toEqual({
      kind: 'portfolio',
      portfolioId: 'p-1',
      event: { type: 'PortfolioWithdrawn', data: withdrawn },
    });
    const linked = { portfolio_id: 'p-1', at: '2026-01-01T00:00:00Z' };
    expect(projectedEventOf({ ...base, streamId: 'profile-x', type: 'ProposalLinked', data: linked })).toMatchObject({ kind: 'profile', profileId: 'x' });
    expect(projectedEventOf({ ...base, streamId: 'audit-1', type: 'Anything', data: {} })).toEqual({ kind: 'other' });
  });

  it('refuses an undecodable event naming the failing paths but never the values (they may be client PII)', () => {
    const attempt = () =>
      projectedEventOf({
        ...base,
        streamId: 'profile-x',
        type: 'ProfileCreated',
        data: { profile_id: 'x', client: { name: 'Ada Quintessa Lovelace', email: 'not-an-email' } },
      });
    expect(attempt).toThrow(UndecodableEvent);
    expect(attempt).toThrow(/profile-x v1 of type ProfileCreated does not decode .* at /);
    expect(attempt).not.toThrow(/Lovelace|not-an-email/);
  });

  it('goes through the schema registry like the write side: a schema version newer than the service knows is refused', () => {
    const withdrawn = { portfolio_id: 'p-1', reason: null, at: '2026-01-01T00:00:00Z' };
    const attempt = () => projectedEventOf({ ...base, schemaVersion: 2, streamId: 'portfolio-p-1', type: 'PortfolioWithdrawn', data: withdrawn });
    expect(attempt).toThrow(UndecodableEvent);
    expect(attempt).toThrow(/newer than this service knows/);
  });
});
