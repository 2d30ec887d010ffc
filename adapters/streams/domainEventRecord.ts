import type { DynamoDBRecord } from 'aws-lambda';
import type { EventItem } from '../dynamodb/eventItem.js';

// The event store only ever inserts; a MODIFY or REMOVE (TTL, manual repair) is not a domain event.
/** True for a stream record that carries a committed event. */
export const isDomainEvent = (record: DynamoDBRecord): boolean => record.eventName === 'INSERT' && record.dynamodb?.NewImage !== undefined;

/** The record's sequence number, by which a partial batch response reports it. */
export const sequenceNumberOf = (record: DynamoDBRecord): string => {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  // Without it the record cannot be reported alone; throwing makes Lambda retry the whole batch instead of losing it.
  if (sequenceNumber === undefined || sequenceNumber === '') throw new Error(`stream record ${record.eventID ?? '?'} has no sequence number`);
  return sequenceNumber;
};

// Lambda's AttributeValue types binary as base64 text where the SDK's has bytes; event items hold only S and N values,
// which both describe alike.
/** The stored event item a record carries. */
export const newImageOf = (record: DynamoDBRecord): EventItem => record.dynamodb?.NewImage as unknown as EventItem;
