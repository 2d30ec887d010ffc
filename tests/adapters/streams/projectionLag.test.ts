import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  approximateCreationTime,
  caughtUp,
  combinedLag,
  pendingLag,
  recordedAtTime,
} from '../../../adapters/streams/projectionLag.js';

const record = (approximateSeconds: number, recordedAt?: string): DynamoDBRecord => ({
  dynamodb: {
    ApproximateCreationDateTime: approximateSeconds,
    ...(recordedAt === undefined ? {} : { NewImage: { recorded_at: { S: recordedAt } } }),
  },
});

describe('projection lag', () => {
  it('is zero when nothing is pending', () => {
    expect(pendingLag(0, undefined, false, approximateCreationTime, 1_000_000)).toEqual(caughtUp);
  });

  it('counts pending records and measures from the oldest one', () => {
    const lag = pendingLag(7, record(1_000), true, approximateCreationTime, 1_002_500);
    expect(lag).toEqual({ records: 7, millis: 2_500, more: true });
  });

  it('never reports negative milliseconds for a record stamped after now', () => {
    expect(pendingLag(1, record(2_000), false, approximateCreationTime, 1_000_000).millis).toBe(0);
  });

  it('adds records, keeps the oldest age and any "more" of several shards', () => {
    const lag = combinedLag([
      { records: 2, millis: 50, more: false },
      { records: 3, millis: 900, more: true },
      { records: 0, millis: 0, more: false },
    ]);
    expect(lag).toEqual({ records: 5, millis: 900, more: true });
  });

  it('prefers the event time recorded to the millisecond over the coarse stream time', () => {
    expect(recordedAtTime(record(1_795_353_540, '2026-11-22T13:19:26.123Z'))).toBe(Date.parse('2026-11-22T13:19:26.123Z'));
    expect(recordedAtTime(record(1_795_353_540))).toBe(1_795_353_540_000);
    expect(recordedAtTime(record(1_795_353_540, 'not a time'))).toBe(1_795_353_540_000);
  });
});
