import type { DynamoDBRecord } from 'aws-lambda';

/**
 * How far a stream consumer is behind, as far as it can tell. DynamoDB Streams has no "records behind" or
 * "milliseconds behind" figure (Kinesis' MillisBehindLatest has no counterpart), so this is an estimate from what the
 * poller has read:
 * - `records`: records read from the stream but not yet acknowledged by the handler. Reading runs at most two pages
 *   ahead of the handler, so this is a lower bound whenever `more` is true.
 * - `millis`: now minus the creation time of the oldest unacknowledged record; 0 when nothing is pending. Records
 *   written since the last read (at most one idle delay ago) are not seen yet, and a reader whose reads fail
 *   sees nothing new, so a failing read shows in the logs, not here.
 * - `more`: the last read returned a full page (more records are probably waiting), or the poller is starting or
 *   rebuilding and has not read yet.
 */
export interface ProjectionLag {
  readonly records: number;
  readonly millis: number;
  readonly more: boolean;
}

/** Nothing pending. */
export const caughtUp: ProjectionLag = { records: 0, millis: 0, more: false };

/** The lag of several shards or consumers together: records add up, the oldest pending record counts. */
export const combinedLag = (lags: Iterable<ProjectionLag>): ProjectionLag => {
  let records = 0;
  let millis = 0;
  let more = false;
  for (const lag of lags) {
    records += lag.records;
    millis = Math.max(millis, lag.millis);
    more ||= lag.more;
  }
  return { records, millis, more };
};

/** When a record was written, in epoch milliseconds, or undefined when it does not tell. */
export type RecordTime = (record: DynamoDBRecord) => number | undefined;

/**
 * The stream's own creation time. Coarse: AWS rounds it down to the second, DynamoDB Local to the minute, so a
 * record read at once may seem up to a minute old locally.
 */
export const approximateCreationTime: RecordTime = (record) => {
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return seconds === undefined ? undefined : seconds * 1000;
};

/**
 * For the event store's stream: the event's `recorded_at` (set by the service just before the write, to the
 * millisecond), else the stream's coarse creation time.
 */
export const recordedAtTime: RecordTime = (record) => {
  const recordedAt = record.dynamodb?.NewImage?.recorded_at?.S;
  const parsed = recordedAt === undefined ? Number.NaN : Date.parse(recordedAt);
  return Number.isNaN(parsed) ? approximateCreationTime(record) : parsed;
};

/** The lag of `count` pending records, the oldest of which is `oldest`, at `now`. */
export const pendingLag = (
  count: number,
  oldest: DynamoDBRecord | undefined,
  more: boolean,
  recordTime: RecordTime,
  now: number,
): ProjectionLag => {
  const createdAt = oldest === undefined ? undefined : recordTime(oldest);
  return { records: count, millis: createdAt === undefined ? 0 : Math.max(0, now - createdAt), more };
};
