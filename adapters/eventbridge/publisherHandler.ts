import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventFromItem } from '../dynamodb/eventItem.js';
import type { PartsReader } from '../dynamodb/eventItem.js';
import { eventBridgePublisher } from './eventBridgePublisher.js';
import type { EventBridgePublisherConfig } from './eventBridgePublisher.js';
import { isDomainEvent, newImageOf, sequenceNumberOf } from '../streams/domainEventRecord.js';

export interface PublisherHandlerConfig extends EventBridgePublisherConfig {
  /** Reads the payload of an event stored in the parts table. */
  readonly readParts: PartsReader;
}

/** The Lambda handler type of the publisher: a stream batch in, a partial batch response out. */
export type PublisherHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/**
 * The publisher Lambda: one integration event per domain event (INSERT with NEW_IMAGE) of the batch, sent to
 * EventBridge, and the sequence number of every record that could not be read or delivered reported in
 * `batchItemFailures`. Lambda resumes the shard from the lowest reported sequence number, so records after a failure
 * are delivered again and their events re-published: consumers deduplicate on `detail.metadata.event_id`.
 *
 * Not Powertools' BatchProcessor: it hands records to a handler one at a time, which would make one `PutEvents` call
 * per event; here events of many records share each call (10 per call), and failures map back from entries to records.
 */
export const publisherHandler = (config: PublisherHandlerConfig): PublisherHandler => {
  const publisher = eventBridgePublisher(config);
  return async (streamEvent) => {
    const records = streamEvent.Records.filter(isDomainEvent).map((record) => ({
      sequenceNumber: sequenceNumberOf(record),
      item: newImageOf(record),
    }));
    const read = await Promise.allSettled(records.map(({ item }) => eventFromItem(item, config.readParts)));
    const failed = new Set<number>();
    const events = read.flatMap((outcome, index) => {
      if (outcome.status === 'fulfilled') return [{ index, event: outcome.value }];
      failed.add(index);
      // The error's name only: a JSON parse message quotes the payload it choked on.
      config.logger?.warn('stream record could not be read', {
        sequence_number: records[index]?.sequenceNumber,
        event_id: records[index]?.item.event_id?.S,
        error_code: outcome.reason instanceof Error ? outcome.reason.name : 'UnknownError',
      });
      return [];
    });
    const undelivered = new Set((await publisher.publish(events.map(({ event }) => event))).map(({ event }) => event));
    for (const { index, event } of events) if (undelivered.has(event)) failed.add(index);
    const batchItemFailures: DynamoDBBatchItemFailure[] = records
      .filter((_, index) => failed.has(index))
      .map(({ sequenceNumber }) => ({ itemIdentifier: sequenceNumber }));
    return { batchItemFailures };
  };
};
