import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { PortfolioEvent } from '../domain/portfolio/portfolioEvents.js';
import { portfolioEventCodec } from '../domain/portfolio/portfolioEvents.js';
import type { ProfileEvent } from '../domain/profile/profileEvents.js';
import { profileEventCodec } from '../domain/profile/profileEvents.js';
import { portfolioEventSchema } from '../domain/schemaEvolution/portfolioEventSchema.js';
import { profileEventSchema } from '../domain/schemaEvolution/profileEventSchema.js';
import type { UpcasterRegistry } from '../domain/schemaEvolution/upcasterRegistry.js';

/**
 * The fields of a recorded event (application/ports/eventStore.ts `RecordedEvent`) that routing and decoding read;
 * spelled out here because the lint layer rule does not let projections/ reach application/ports by path.
 */
export interface SourceEvent {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** A recorded event as the projections see it: which aggregate it belongs to, decoded. */
export type ProjectedEvent =
  | { readonly kind: 'portfolio'; readonly portfolioId: string; readonly event: PortfolioEvent }
  | { readonly kind: 'profile'; readonly profileId: string; readonly event: ProfileEvent }
  /** A stream no read model depends on (e.g. audit streams): acknowledged and ignored. */
  | { readonly kind: 'other' };

/** A stored event the projections cannot read; its message names the paths that failed, never the values. */
export class UndecodableEvent extends Error {
  override readonly name = 'UndecodableEvent';
}

export const portfolioStreamPrefix = 'portfolio-';
export const profileStreamPrefix = 'profile-';

// io-ts messages quote the offending value, and profile events hold client PII: only the paths go into a reason.
const failedPaths = (errors: t.Errors): string =>
  [...new Set(errors.map((error) => error.context.map((entry) => entry.key).filter((key) => key !== '').join('.') || '(root)'))]
    .slice(0, 5)
    .join(', ');

/** Upcasts the stored shape to the current schema (as the write side does), then decodes it. */
const decodeWith = <A>(registry: UpcasterRegistry, codec: t.Decoder<unknown, A>, event: SourceEvent): A => {
  const upcast = registry.upcast({ type: event.type, schemaVersion: event.schemaVersion, data: event.data });
  if (isLeft(upcast)) throw new UndecodableEvent(`event ${event.streamId} v${event.version}: ${upcast.left}`);
  const decoded = codec.decode({ type: upcast.right.type, data: upcast.right.data });
  if (isLeft(decoded)) {
    throw new UndecodableEvent(
      `event ${event.streamId} v${event.version} of type ${event.type} does not decode (schema ${event.schemaVersion}) at ${failedPaths(decoded.left)}`,
    );
  }
  return decoded.right;
};

/** Routes a recorded event by its stream and decodes it; throws `UndecodableEvent` when it cannot be read. */
export const projectedEventOf = (event: SourceEvent): ProjectedEvent => {
  if (event.streamId.startsWith(portfolioStreamPrefix)) {
    return { kind: 'portfolio', portfolioId: event.streamId.slice(portfolioStreamPrefix.length), event: decodeWith(portfolioEventSchema, portfolioEventCodec, event) };
  }
  if (event.streamId.startsWith(profileStreamPrefix)) {
    return { kind: 'profile', profileId: event.streamId.slice(profileStreamPrefix.length), event: decodeWith(profileEventSchema, profileEventCodec, event) };
  }
  return { kind: 'other' };
};

/** The stream id of a portfolio. */
export const portfolioStreamId = (portfolioId: string): string => `${portfolioStreamPrefix}${portfolioId}`;
/** The stream id of a profile. */
export const profileStreamId = (profileId: string): string => `${profileStreamPrefix}${profileId}`;
