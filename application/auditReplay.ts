import { ruleSetVersion } from '../domain/bestInterest/ruleSet.js';
import type { PortfolioState } from '../domain/portfolio/portfolioDecider.js';
import type { PortfolioEvent } from '../domain/portfolio/portfolioEvents.js';
import { engineVersion } from '../domain/portfolioCalculation.js';
import type { ProfileView } from '../domain/profile/profileState.js';
import { replayCalculation, type ReplayProfileFacts } from '../domain/replay/calculationReplay.js';
import type { FigureDifference } from '../domain/replay/figureDifference.js';
import { streamIdOf } from './aggregateType.js';
import type { EventStore, ReadBound, RecordedEvent, StreamId } from './ports/eventStore.js';
import { portfolioAggregate } from './portfolioAggregate.js';
import { profileAggregate } from './profileAggregate.js';
import { loadSnapshot, snapshotOf } from './streamSnapshot.js';
import { errorReason as reasonOf } from './errorReason.js';

/** A version recorded with an event next to the one in force now (`recorded` is null when none was recorded). */
export interface VersionPair {
  readonly recorded: string | null;
  readonly current: string;
}

/** One recorded calculation (a PortfolioProposed or PortfolioRevised event) replayed with the current engine. */
export interface CalculationEventReplay {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly engineVersion: VersionPair;
  /** Only for events that recorded best-interest findings. */
  readonly ruleSetVersion: VersionPair | null;
  readonly differences: ReadonlyArray<FigureDifference>;
  readonly unverified: ReadonlyArray<string>;
}

/** What replaying one stream found. */
export interface StreamReplay {
  readonly streamId: string;
  readonly events: number;
  /** Every calculation of the stream, in version order. */
  readonly calculations: ReadonlyArray<CalculationEventReplay>;
  /** Why the stream could not be replayed (completely): an undecodable event, a gap in its versions. */
  readonly problems: ReadonlyArray<string>;
}

/**
 * A profile as it was at the version a proposal recorded, or (for events recorded before proposals named the version)
 * at an instant; undefined when it did not exist then. Findings are evaluated against the profile the proposal saw,
 * not the profile of today.
 */
export type ProfileAsOf = (profileId: string, bound: ReadBound) => Promise<ProfileView | undefined>;

/** Profiles as of a version or an instant, read from the event store (one bounded query per lookup). */
export const profileAsOfStore =
  (store: EventStore): ProfileAsOf =>
  async (profileId, bound) =>
    (await loadSnapshot(store, profileAggregate, streamIdOf(profileAggregate, profileId), bound)).state ?? undefined;

/** Profiles as of a version or an instant, folded from streams already in memory (e.g. a full scan grouped by stream). */
export const profileAsOfStreams =
  (streams: ReadonlyMap<string, ReadonlyArray<RecordedEvent>>): ProfileAsOf =>
  async (profileId, bound) => {
    const streamId = streamIdOf(profileAggregate, profileId);
    // Recorded times never decrease within a stream, so "as of an instant" is a prefix, like "as of a version".
    const events = (streams.get(streamId) ?? []).filter(
      (event) => (bound.toVersion === undefined || event.version <= bound.toVersion) && (bound.toTime === undefined || event.recordedAt <= bound.toTime),
    );
    return snapshotOf(profileAggregate, streamId, events).state ?? undefined;
  };

const prefixOf = (type: { readonly streamPrefix: string }): string => `${type.streamPrefix}-`;

const factsAt = async (profileAsOf: ProfileAsOf, profileId: string, bound: ReadBound): Promise<ReplayProfileFacts> => {
  try {
    const profile = await profileAsOf(profileId, bound);
    const at = bound.toVersion === undefined ? bound.toTime : `version ${bound.toVersion}`;
    return profile === undefined ? { kind: 'unknown', reason: `profile ${profileId} did not exist at ${at}` } : { kind: 'known', facts: profile };
  } catch (error) {
    return { kind: 'unknown', reason: `profile ${profileId} cannot be read: ${reasonOf(error)}` };
  }
};

const versionProblem = (events: ReadonlyArray<RecordedEvent>): string | undefined => {
  const gap = events.findIndex((event, index) => event.version !== index + 1);
  return gap === -1 ? undefined : `expected version ${gap + 1} at position ${gap + 1}, found version ${events[gap]!.version}`;
};

const replayPortfolioStream = async (streamId: string, events: ReadonlyArray<RecordedEvent>, profileAsOf: ProfileAsOf): Promise<StreamReplay> => {
  const calculations: CalculationEventReplay[] = [];
  let state: PortfolioState = portfolioAggregate.decider.initialState;
  for (const recorded of events) {
    let event: PortfolioEvent;
    try {
      event = portfolioAggregate.decode(recorded);
    } catch (error) {
      return { streamId, events: events.length, calculations, problems: [reasonOf(error)] };
    }
    if (event.type !== 'PortfolioWithdrawn') {
      const profileId = event.type === 'PortfolioProposed' ? event.data.profile_id : state.status === 'none' ? null : state.profile_id;
      const bound = event.data.profile_version === undefined ? { toTime: recorded.recordedAt } : { toVersion: event.data.profile_version };
      const facts = profileId === null ? ({ kind: 'no-profile' } as const) : await factsAt(profileAsOf, profileId, bound);
      const replay = replayCalculation(event.data, facts);
      const recordedRuleSet = recorded.ruleSetVersion ?? event.data.best_interest?.rule_set_version ?? null;
      calculations.push({
        streamId,
        version: recorded.version,
        type: recorded.type,
        recordedAt: recorded.recordedAt,
        engineVersion: { recorded: recorded.engineVersion ?? null, current: engineVersion },
        ruleSetVersion: event.data.best_interest === null ? null : { recorded: recordedRuleSet, current: ruleSetVersion },
        differences: replay.differences,
        unverified: replay.unverified,
      });
    }
    state = portfolioAggregate.decider.evolve(state, event);
  }
  return { streamId, events: events.length, calculations, problems: [] };
};

const replayProfileStream = (streamId: string, events: ReadonlyArray<RecordedEvent>): StreamReplay => {
  try {
    snapshotOf(profileAggregate, streamId as StreamId, events);
    return { streamId, events: events.length, calculations: [], problems: [] };
  } catch (error) {
    return { streamId, events: events.length, calculations: [], problems: [reasonOf(error)] };
  }
};

/**
 * Replays one stream (its events in version order): every event is decoded through its aggregate (upcasting old
 * schema versions) and folded, and every recorded calculation is recomputed with the current engine and rules.
 * Streams of other kinds are only counted.
 */
export const replayStream = async (events: ReadonlyArray<RecordedEvent>, profileAsOf: ProfileAsOf): Promise<StreamReplay> => {
  const streamId = events[0]?.streamId ?? '';
  const gap = versionProblem(events);
  const replay = streamId.startsWith(prefixOf(portfolioAggregate))
    ? await replayPortfolioStream(streamId, events, profileAsOf)
    : streamId.startsWith(prefixOf(profileAggregate))
      ? replayProfileStream(streamId, events)
      : { streamId, events: events.length, calculations: [], problems: [] };
  return gap === undefined ? replay : { ...replay, problems: [`${streamId}: ${gap}`, ...replay.problems] };
};

/** Totals of a replay, and every stream that needs a look with only its calculations that need one. */
export interface AuditReplaySummary {
  readonly streams: number;
  readonly events: number;
  readonly calculations: number;
  readonly differences: number;
  readonly unverified: number;
  readonly problems: number;
  readonly current: { readonly engineVersion: string; readonly ruleSetVersion: string };
  readonly flagged: ReadonlyArray<StreamReplay>;
}

const needsALook = (calculation: CalculationEventReplay): boolean => calculation.differences.length > 0 || calculation.unverified.length > 0;

/** Adds up stream replays. */
export const summariseReplays = (replays: Iterable<StreamReplay>): AuditReplaySummary => {
  let streams = 0;
  let events = 0;
  let calculations = 0;
  let differences = 0;
  let unverified = 0;
  let problems = 0;
  const flagged: StreamReplay[] = [];
  for (const replay of replays) {
    streams += 1;
    events += replay.events;
    calculations += replay.calculations.length;
    differences += replay.calculations.reduce((sum, calculation) => sum + calculation.differences.length, 0);
    unverified += replay.calculations.reduce((sum, calculation) => sum + calculation.unverified.length, 0);
    problems += replay.problems.length;
    const looks = replay.calculations.filter(needsALook);
    if (looks.length > 0 || replay.problems.length > 0) flagged.push({ ...replay, calculations: looks });
  }
  return { streams, events, calculations, differences, unverified, problems, current: { engineVersion, ruleSetVersion }, flagged };
};

/** True when every recorded calculation was reproduced exactly and every event could be read. */
export const isReproduced = (summary: AuditReplaySummary): boolean =>
  summary.differences === 0 && summary.unverified === 0 && summary.problems === 0;
