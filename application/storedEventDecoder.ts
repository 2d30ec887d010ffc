import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { problemsOf } from '../domain/problem.js';
import type { UpcasterRegistry } from '../domain/schemaEvolution/upcasterRegistry.js';
import type { RecordedEvent } from './ports/eventStore.js';

/** Thrown when a stored event cannot be read: history is never skipped silently. */
export class UndecodableEvent extends Error {
  constructor(event: RecordedEvent, reason: string) {
    super(`event ${event.streamId}@${event.version} (${event.type} v${event.schemaVersion}) cannot be decoded: ${reason}`);
    this.name = 'UndecodableEvent';
  }
}

/** Upcasts a stored event's `{ type, data }` from its schema version to the current shape. */
export type Upcaster = (event: { readonly type: string; readonly schemaVersion: number; readonly data: unknown }) => { readonly type: string; readonly data: unknown };

const decodeCurrent = <E>(codec: t.Type<E, unknown, unknown>, event: RecordedEvent, current: { readonly type: string; readonly data: unknown }): E => {
  const decoded = codec.decode({ type: current.type, data: current.data });
  if (isLeft(decoded)) {
    throw new UndecodableEvent(event, problemsOf(decoded.left).map((p) => `${p.path}: ${p.message}`).join('; '));
  }
  return decoded.right;
};

/** Decodes stored events with a codec of the current schema, after upcasting older versions. */
export const storedEventDecoder =
  <E>(codec: t.Type<E, unknown, unknown>, currentVersion: (type: string) => number, upcast: Upcaster = (e) => e) =>
  (event: RecordedEvent): E => {
    if (event.schemaVersion > currentVersion(event.type)) {
      throw new UndecodableEvent(event, `schema version is newer than this service knows (${currentVersion(event.type)})`);
    }
    return decodeCurrent(codec, event, upcast(event));
  };

/**
 * Decodes stored events of one aggregate: lifted to the current schema version through the aggregate's upcaster
 * registry, then checked by the codec of the current schema. Throws `UndecodableEvent` with the reason otherwise.
 */
export const registryEventDecoder =
  <E>(codec: t.Type<E, unknown, unknown>, registry: UpcasterRegistry) =>
  (event: RecordedEvent): E => {
    const current = registry.upcast(event);
    if (isLeft(current)) throw new UndecodableEvent(event, current.left);
    return decodeCurrent(codec, event, current.right);
  };
