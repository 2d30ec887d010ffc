import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import type { PortfolioEvent } from '../../domain/portfolio/portfolioEvents.js';
import type { ProfileState } from '../../domain/profile/profileState.js';
import { evolveProfile, initialProfileState } from '../../domain/profile/profileState.js';
import { portfolioReadModel } from '../../projections/portfolioReadModel.js';
import { portfolioShardCount } from '../../projections/portfolioShard.js';
import { profileReadModel } from '../../projections/profileReadModel.js';
import { portfolioStreamId, profileStreamId, projectedEventOf } from '../../projections/projectedEvent.js';
import { readModelStore, type ApplyOutcome, type PortfolioOwner } from '../dynamodb/readModelStore.js';
import { sourceEvents, type SourceTables } from './sourceEvents.js';

/** The tables the projector reads events from and writes read models to. */
export interface ProjectorTables extends SourceTables {
  readonly readModels: string;
}

/** What a projector needs. */
export interface EventProjectorDeps {
  readonly client: DynamoDBClient;
  readonly tables: ProjectorTables;
  /** Shards of the all-portfolios rankings; `FIDUCIA_PORTFOLIO_SHARDS` (default 4) when not given. */
  readonly shards?: number;
  /** Clock of the `applied_at` bookkeeping. */
  readonly now?: () => string;
}

/** What applying one event did; `ignored` for streams no read model depends on. */
export type ProjectionOutcome = ApplyOutcome | 'ignored';

/**
 * Applies one recorded event to the read models: the one code path of the stream handler and of a rebuild. Throws
 * when the event cannot be projected (undecodable, or the store failed); applying it again is always safe.
 */
export const eventProjector = (deps: EventProjectorDeps) => {
  const source = sourceEvents(deps.client, deps.tables);
  const store = readModelStore({ client: deps.client, table: deps.tables.readModels, ...(deps.now === undefined ? {} : { now: deps.now }) });
  const shards = deps.shards ?? portfolioShardCount(process.env.FIDUCIA_PORTFOLIO_SHARDS);

  const portfolioEventAt = async (portfolioId: string, version: number): Promise<PortfolioEvent> => {
    const event = await source.readEvent(portfolioStreamId(portfolioId), version);
    if (event === undefined) throw new Error(`portfolio ${portfolioId} has no event at version ${version}`);
    const projected = projectedEventOf(event);
    if (projected.kind !== 'portfolio') throw new Error(`stream of portfolio ${portfolioId} holds a foreign event`);
    return projected.event;
  };

  // A profile's client never changes (ProfileCreated, version 1, sets it), so this read gives the same answer live and
  // in a rebuild. A portfolio is only ever proposed for an existing profile; should one be missing, no client owns it.
  const clientOf = async (profileId: string): Promise<string | null> => {
    const created = await source.readEvent(profileStreamId(profileId), 1);
    if (created === undefined) return null;
    const projected = projectedEventOf(created);
    return projected.kind === 'profile' && projected.event.type === 'ProfileCreated' ? projected.event.data.client_id : null;
  };

  const ownerOf = async (portfolioId: string, event: PortfolioEvent, known: PortfolioOwner | undefined): Promise<PortfolioOwner> => {
    if (event.type !== 'PortfolioProposed' && known !== undefined) return known;
    const proposed = event.type === 'PortfolioProposed' ? event : await portfolioEventAt(portfolioId, 1);
    if (proposed.type !== 'PortfolioProposed') throw new Error(`portfolio ${portfolioId} does not start with PortfolioProposed`);
    const profileId = proposed.data.profile_id;
    return { profile_id: profileId, client_id: profileId === null ? null : await clientOf(profileId), advisor_id: proposed.data.advisor_id };
  };

  /**
   * The profile folded as far as its stream decodes, at least up to `version`: later events that cannot be read are
   * left to their own records (and dead letters), while earlier ones make this record fail too, as they must.
   */
  const foldProfile = async (event: RecordedEvent): Promise<{ state: ProfileState; version: number }> => {
    let state: ProfileState = initialProfileState;
    let version = 0;
    for (const stored of await source.readStream(event.streamId)) {
      let projected;
      try {
        projected = projectedEventOf(stored);
      } catch (error) {
        if (stored.version <= event.version) throw error;
        break;
      }
      if (projected.kind !== 'profile') throw new Error(`stream ${event.streamId} holds a foreign event`);
      state = evolveProfile(state, projected.event);
      version = stored.version;
    }
    if (version < event.version) throw new Error(`stream ${event.streamId} has no version ${event.version} yet`);
    return { state, version };
  };

  const apply = async (event: RecordedEvent): Promise<ProjectionOutcome> => {
    const projected = projectedEventOf(event);
    switch (projected.kind) {
      case 'other':
        return 'ignored';
      case 'portfolio': {
        const { portfolioId } = projected;
        return store.portfolio({
          streamId: event.streamId,
          portfolioId,
          version: event.version,
          owner: (known) => ownerOf(portfolioId, projected.event, known),
          model: async (owner) => portfolioReadModel({ portfolioId, version: event.version, event: projected.event, shards, clientId: owner.client_id }),
        });
      }
      case 'profile': {
        const { state, version } = await foldProfile(event);
        if (state === null) return 'ignored';
        return store.profile({ streamId: event.streamId, model: profileReadModel(state, version) });
      }
    }
  };

  return { apply, source, shards };
};

export type EventProjector = ReturnType<typeof eventProjector>;
