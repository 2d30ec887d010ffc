import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** At most this many entries per `PutEvents` call (EventBridge quota). */
export const putEventsMaxEntries = 10;

/** The entries of one `PutEvents` call must total less than 256 KiB, by `putEventsEntrySize`. */
export const putEventsMaxBytes = 256 * 1024;

const utf8Bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/**
 * The size EventBridge charges an entry against the request limit: 14 bytes for `Time`, the UTF-8 bytes of `Source`,
 * `DetailType`, `Detail` and each of `Resources` (AWS, "Calculating PutEvents event entry size"). It also counts
 * `EventBusName` and `TraceHeader`, which AWS leaves out, so the estimate can only err on the safe side.
 */
export const putEventsEntrySize = (entry: PutEventsRequestEntry): number =>
  (entry.Time === undefined ? 0 : 14) +
  utf8Bytes(entry.Source) +
  utf8Bytes(entry.DetailType) +
  utf8Bytes(entry.Detail) +
  (entry.Resources ?? []).reduce((sum, resource) => sum + utf8Bytes(resource), 0) +
  utf8Bytes(entry.EventBusName) +
  utf8Bytes(entry.TraceHeader);
