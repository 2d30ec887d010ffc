import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { problemsOf } from '../domain/problem.js';
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

/** Decodes stored events with a codec of the current schema, after upcasting older versions. */
export const storedEventDecoder =
  <E>(codec: t.Type<E, unknown, unknown>, currentVersion: (type: string) => number, upcast: Upcaster = (e) => e) =>
  (event: RecordedEvent): E => {
    if (event.schemaVersion > currentVersion(event.type)) {
      throw new UndecodableEvent(event, `schema version is newer than this service knows (${currentVersion(event.type)})`);
    }
    const decoded = codec.decode(upcast(event));
    if (isLeft(decoded)) {
      throw new UndecodableEvent(event, problemsOf(decoded.left).map((p) => `${p.path}: ${p.message}`).join('; '));
    }
    return decoded.right;
  };
