import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { profileEventCodec, profileEventTypes } from '../../../domain/profile/profileEvents.js';
import { commands, link, run } from './support/profileFixtures.js';

const storedEvents = () =>
  run([commands.create(), link('portfolio-1'), commands.application(), commands.accountOpening(), commands.review()]).events.map(
    (event) => JSON.parse(JSON.stringify(event)) as { type: string; data: Record<string, unknown> },
  );

describe('profileEventCodec', () => {
  it('names every event type in the past tense', () => {
    expect(profileEventTypes).toEqual([
      'ProfileCreated',
      'RiskAssessed',
      'ObjectivesSet',
      'TargetAllocationSet',
      'ProposalLinked',
      'ApplicationSubmitted',
      'AccountOpened',
      'ComplianceReviewRecorded',
    ]);
  });

  it('stores decimals as strings and times as RFC 3339 instants', () => {
    const created = storedEvents()[0]!;
    expect(created.data.time_horizon_years).toBe('5');
    expect(created.data.liquidity_needs).toEqual({ amount: '20000.00', needed_by: '2028-06-30' });
    expect(created.data.at).toBe('2026-11-22T10:00:00.000Z');
  });

  it('refuses an unknown event type and a stored event whose data breaks a rule', () => {
    const [created] = storedEvents();
    expect(E.isLeft(profileEventCodec.decode({ type: 'ProfileDeleted', data: {} }))).toBe(true);
    expect(E.isLeft(profileEventCodec.decode({ ...created, data: { ...created!.data, target_allocation: { bonds: '99' } } }))).toBe(true);
    expect(E.isLeft(profileEventCodec.decode({ ...created, data: { ...created!.data, at: 'yesterday' } }))).toBe(true);
  });

  it('accepts a date of birth of any past day on read, however long ago it was recorded', () => {
    const [created] = storedEvents();
    const client = { ...(created!.data.client as object), date_of_birth: '2026-11-21' };
    expect(E.isRight(profileEventCodec.decode({ ...created, data: { ...created!.data, client } }))).toBe(true);
  });
});
