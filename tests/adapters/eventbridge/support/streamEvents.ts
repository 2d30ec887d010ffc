import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { RecordedEvent, StreamId } from '../../../../application/ports/eventStore.js';
import { eventToItem } from '../../../../adapters/dynamodb/eventItem.js';
import { eventHash, genesisHash } from '../../../../adapters/integrity/eventHash.js';

/** The fields a test chooses; the rest get fixed, plausible values and a real hash. */
export interface EventFields {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly eventId?: string;
  readonly recordedAt?: string;
  readonly engineVersion?: string;
  readonly ruleSetVersion?: string;
  readonly previousHash?: string;
  /** The stored hash; computed with `eventHash` when not given. */
  readonly hash?: string;
}

/** A recorded event as the store would hold it, hash included. */
export const recordedEvent = (fields: EventFields): RecordedEvent => {
  const unhashed = {
    streamId: fields.streamId as StreamId,
    version: fields.version,
    eventId: fields.eventId ?? `00000000-0000-4000-8000-${String(fields.version).padStart(12, '0')}`,
    type: fields.type,
    schemaVersion: 1,
    data: fields.data,
    recordedAt: fields.recordedAt ?? '2026-03-14T09:26:53.589Z',
    actor: 'advisor-7',
    correlationId: 'c0a1b2c3-0000-4000-8000-000000000001',
    causationId: 'c0a1b2c3-0000-4000-8000-000000000002',
    ...(fields.engineVersion === undefined ? {} : { engineVersion: fields.engineVersion }),
    ...(fields.ruleSetVersion === undefined ? {} : { ruleSetVersion: fields.ruleSetVersion }),
    commitId: 'c0a1b2c3-0000-4000-8000-000000000003',
    previousHash: fields.previousHash ?? genesisHash,
  };
  return { ...unhashed, hash: fields.hash ?? eventHash(unhashed) };
};

/** A DynamoDB sequence number: a long decimal string that grows with `n`. */
export const sequenceNumber = (n: number): string => (10n ** 20n + BigInt(n)).toString();

export interface RecordOptions {
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** Store the payload in this many parts (the parts table) instead of inline. */
  readonly parts?: number;
}

/** The stream record DynamoDB Streams delivers for an appended event (NEW_IMAGE view), built with `eventToItem`. */
export const streamRecord = (event: RecordedEvent, n: number, options: RecordOptions = {}): DynamoDBRecord => {
  const item = eventToItem(event, options.parts === undefined ? { json: JSON.stringify(event.data) } : { parts: options.parts });
  const keys = { stream_id: item.stream_id, version: item.version };
  return {
    eventID: `record-${n}`,
    eventName: options.eventName ?? 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/fiducia-events/stream/2026-03-14T00:00:00.000',
    // Event items hold only S and N attributes, which the SDK's and Lambda's AttributeValue types describe alike.
    dynamodb: {
      ApproximateCreationDateTime: 1773480413,
      Keys: keys as never,
      ...(options.eventName === 'REMOVE' ? { OldImage: item as never } : { NewImage: item as never }),
      SequenceNumber: sequenceNumber(n),
      SizeBytes: 512,
      StreamViewType: 'NEW_IMAGE',
    },
  };
};

/** A Lambda stream event of records numbered 1..n in order. */
export const streamEventOf = (events: ReadonlyArray<RecordedEvent>, options: RecordOptions = {}): DynamoDBStreamEvent => ({
  Records: events.map((event, index) => streamRecord(event, index + 1, options)),
});
