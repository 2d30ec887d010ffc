import { describe, expect, it } from 'vitest';
import {
  isReproduced,
  profileAsOfStore,
  profileAsOfStreams,
  replayStream,
  summariseReplays,
  type ProfileAsOf,
} from '../../application/auditReplay.js';
import type { EventStore, ReadBound, RecordedEvent, StreamId } from '../../application/ports/eventStore.js';
import { snapshotOf } from '../../application/streamSnapshot.js';
import { profileAggregate } from '../../application/profileAggregate.js';
import { ruleSetVersion } from '../../domain/bestInterest/ruleSet.js';
import { engineVersion } from '../../domain/portfolioCalculation.js';
import type { ProfileView } from '../../domain/profile/profileState.js';
import { goldenFiles } from '../golden/goldenFile.js';

const golden = new Map(goldenFiles().map((file) => [file.label, file]));
const streamOf = (label: string): ReadonlyArray<RecordedEvent> => golden.get(label)!.events;
const streams = new Map<string, ReadonlyArray<RecordedEvent>>(goldenFiles().map((file) => [file.streamId, file.events]));
const asOf = profileAsOfStreams(streams);

const tamper = (events: ReadonlyArray<RecordedEvent>, version: number, change: (data: any) => void): RecordedEvent[] =>
  events.map((event) => {
    if (event.version !== version) return event;
    const data = structuredClone(event.data) as any;
    change(data);
    return { ...event, data };
  });

describe('replayStream', () => {
  it('replays every calculation of a portfolio stream and finds them reproduced', async () => {
    const replay = await replayStream(streamOf('portfolio-for-profile'), asOf);
    expect(replay.problems).toEqual([]);
    expect(replay.calculations.map((c) => [c.version, c.type, c.differences, c.unverified])).toEqual([
      [1, 'PortfolioProposed', [], []],
      [2, 'PortfolioRevised', [], []],
    ]);
    expect(replay.calculations[0]).toMatchObject({
      engineVersion: { recorded: '1.0.0', current: engineVersion },
      ruleSetVersion: { recorded: '2026.11.1', current: ruleSetVersion },
    });
    const withoutProfile = await replayStream(streamOf('portfolio-without-profile'), asOf);
    expect(withoutProfile.events).toBe(3);
    expect(withoutProfile.calculations.map((c) => c.ruleSetVersion)).toEqual([null, null]);
  });

  it('evaluates findings against the profile as it was when each proposal was decided', async () => {
    // The profile's risk assessment came between the proposal and its revision; today's profile explains neither.
    const latest: ProfileAsOf = (profileId) => asOf(profileId, { toTime: '9999-12-31T00:00:00Z' });
    const replay = await replayStream(streamOf('portfolio-for-profile'), latest);
    expect(replay.calculations[0]!.differences.some((d) => d.path.startsWith('best_interest.findings'))).toBe(true);
    expect(replay.calculations[1]!.differences).toEqual([]);
  });

  it('reports a tampered figure with the versions that recorded it and the current ones', async () => {
    const events = tamper(streamOf('portfolio-without-profile'), 2, (data) => {
      data.proposal.outcome.maturity.total = '1.00';
    });
    const replay = await replayStream(events, asOf);
    expect(replay.calculations[0]!.differences).toEqual([]);
    expect(replay.calculations[1]).toMatchObject({
      version: 2,
      type: 'PortfolioRevised',
      engineVersion: { recorded: '1.0.0', current: engineVersion },
      differences: [{ path: 'proposal.outcome.maturity.total', recorded: '1.00', recomputed: expect.stringMatching(/^\d+\.\d{2}$/) }],
    });
  });

  it('leaves findings unverified when the profile cannot be found or read', async () => {
    const missing = await replayStream(streamOf('portfolio-for-profile'), async () => undefined);
    expect(missing.calculations[0]!.unverified).toEqual([expect.stringMatching(/^best_interest: profile .* did not exist at 2026-11-02T09:04:00.000Z$/)]);
    const failing = await replayStream(streamOf('portfolio-for-profile'), async () => {
      throw new Error('throttled');
    });
    expect(failing.calculations[1]!.unverified).toEqual([expect.stringMatching(/cannot be read: Error: throttled$/)]);
    // A damaged profile payload: the parse error's own message would quote the client's details into the report.
    const damaged = await replayStream(streamOf('portfolio-for-profile'), async () => {
      throw new SyntaxError('Unexpected token \'J\', ..."":{"name":Jane Doe,""... is not valid JSON');
    });
    expect(damaged.calculations[1]!.unverified).toEqual([expect.stringMatching(/cannot be read: SyntaxError: the stored event data is not valid JSON$/)]);
    expect(JSON.stringify(damaged)).not.toContain('Jane Doe');
  });

  it('stops at an event it cannot decode and reports it, keeping what was replayed before', async () => {
    const events = tamper(streamOf('portfolio-without-profile'), 2, (data) => {
      delete data.request;
    });
    const replay = await replayStream(events, asOf);
    expect(replay.calculations).toHaveLength(1);
    expect(replay.problems).toEqual([expect.stringMatching(/@2 \(PortfolioRevised v1\) cannot be decoded/)]);
  });

  it('decodes and folds profile streams, and reports a gap in the versions of any stream', async () => {
    const profile = await replayStream(streamOf('profile-lifecycle'), asOf);
    expect(profile).toMatchObject({ events: 8, calculations: [], problems: [] });
    const broken = await replayStream(
      tamper(streamOf('profile-lifecycle'), 3, (data) => {
        data.target_allocation = { bonds: '99' };
      }),
      asOf,
    );
    expect(broken.problems).toEqual([expect.stringMatching(/@3 \(TargetAllocationSet v1\) cannot be decoded/)]);
    const gap = await replayStream(streamOf('portfolio-for-profile').slice(1), asOf);
    expect(gap.problems[0]).toMatch(/expected version 1 at position 1, found version 2$/);
  });
});

describe('summariseReplays', () => {
  it('adds up the streams and flags only the calculations and streams that need a look', async () => {
    const clean = await replayStream(streamOf('portfolio-for-profile'), asOf);
    const tampered = await replayStream(
      tamper(streamOf('portfolio-without-profile'), 1, (data) => {
        data.proposal.banks[0].deposits[1].outcome.delta.growth = '0.01';
        data.proposal.banks[0].deposits[1].outcome.maturity.interest = '0.02';
      }),
      asOf,
    );
    const summary = summariseReplays([clean, tampered]);
    expect(summary).toMatchObject({ streams: 2, events: 5, calculations: 4, differences: 2, unverified: 0, problems: 0 });
    expect(summary.current).toEqual({ engineVersion, ruleSetVersion });
    expect(summary.flagged.map((stream) => [stream.streamId, stream.calculations.map((c) => c.version)])).toEqual([[tampered.streamId, [1]]]);
    expect(isReproduced(summary)).toBe(false);
    expect(isReproduced(summariseReplays([clean]))).toBe(true);
  });
});

describe('profile lookups', () => {
  it('read a profile as of an instant from the store and from streams in memory alike', async () => {
    const profileEvents = streamOf('profile-lifecycle');
    const store: Pick<EventStore, 'readStream'> = {
      readStream: async (streamId: StreamId, bound: ReadBound = {}) =>
        (streams.get(streamId) ?? []).filter(
          (event) => (bound.toTime === undefined || event.recordedAt <= bound.toTime) && (bound.toVersion === undefined || event.version <= bound.toVersion),
        ),
    };
    const fromStore = profileAsOfStore(store as EventStore);
    const profileId = (snapshotOf(profileAggregate, profileEvents[0]!.streamId, profileEvents).state as ProfileView).profile_id;
    for (const lookup of [fromStore, asOf]) {
      expect(await lookup(profileId, { toTime: '2026-11-02T09:00:59.999Z' })).toBeUndefined();
      expect((await lookup(profileId, { toTime: '2026-11-02T09:04:00.000Z' }))?.time_horizon_years).toBe('5');
      expect((await lookup(profileId, { toTime: '2026-11-02T09:05:00.000Z' }))?.time_horizon_years).toBe('10');
      expect(await lookup('someone-else', { toTime: '2027-01-01T00:00:00Z' })).toBeUndefined();
      // Proposals now name the profile version they were evaluated on; the lookup honours it.
      expect(await lookup(profileId, { toVersion: 0 })).toBeUndefined();
      expect((await lookup(profileId, { toVersion: 1 }))?.time_horizon_years).toBe('5');
    }
  });
});
