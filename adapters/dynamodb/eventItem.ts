import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RecordedEvent, StreamId } from '../../application/ports/eventStore.js';

/** An event as stored in the events table (snake_case attributes, the stream's NEW_IMAGE shape). */
export type EventItem = Record<string, AttributeValue>;

/** Where the payload lives: inline JSON text, or gzipped parts in the event-parts table. */
export type PayloadPlacement = { readonly json: string } | { readonly parts: number };

/** Maps a recorded event to its item. */
export const eventToItem = (event: RecordedEvent, payload: PayloadPlacement): EventItem => {
  const item: EventItem = {
    stream_id: { S: event.streamId },
    version: { N: String(event.version) },
    event_id: { S: event.eventId },
    type: { S: event.type },
    schema_version: { N: String(event.schemaVersion) },
    recorded_at: { S: event.recordedAt },
    actor: { S: event.actor },
    correlation_id: { S: event.correlationId },
    causation_id: { S: event.causationId },
    commit_id: { S: event.commitId },
    previous_hash: { S: event.previousHash },
    hash: { S: event.hash },
  };
  if (event.engineVersion !== undefined) item.engine_version = { S: event.engineVersion };
  if (event.ruleSetVersion !== undefined) item.rule_set_version = { S: event.ruleSetVersion };
  if ('json' in payload) item.data = { S: payload.json };
  else item.data_parts = { N: String(payload.parts) };
  return item;
};

/** Reads the payload of an event stored in `parts` parts. */
export type PartsReader = (eventId: string, parts: number) => Promise<unknown>;

const text = (item: EventItem, name: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw new Error(`stored event lacks attribute ${name}`);
  return value;
};

const integer = (item: EventItem, name: string): number => {
  const value = item[name]?.N;
  if (value === undefined) throw new Error(`stored event lacks attribute ${name}`);
  return Number(value);
};

/** Maps an item (from a Query, a Scan or a stream NEW_IMAGE) back to the recorded event. */
export const eventFromItem = async (item: EventItem, readParts: PartsReader): Promise<RecordedEvent> => {
  const eventId = text(item, 'event_id');
  const data = item.data?.S !== undefined ? JSON.parse(item.data.S) : await readParts(eventId, integer(item, 'data_parts'));
  return {
    streamId: text(item, 'stream_id') as StreamId,
    version: integer(item, 'version'),
    eventId,
    type: text(item, 'type'),
    schemaVersion: integer(item, 'schema_version'),
    data,
    recordedAt: text(item, 'recorded_at'),
    actor: text(item, 'actor'),
    correlationId: text(item, 'correlation_id'),
    causationId: text(item, 'causation_id'),
    ...(item.engine_version?.S === undefined ? {} : { engineVersion: item.engine_version.S }),
    ...(item.rule_set_version?.S === undefined ? {} : { ruleSetVersion: item.rule_set_version.S }),
    commitId: text(item, 'commit_id'),
    previousHash: text(item, 'previous_hash'),
    hash: text(item, 'hash'),
  };
};
