/**
 * What a DynamoDB Streams error means to a reader (names as both AWS and DynamoDB Local send them):
 * - `expired-iterator`: the iterator is older than 15 minutes; ask for a new one at the same position.
 * - `trimmed`: the position is older than the stream's 24-hour retention; records there are lost to this reader.
 * - `gone`: the stream or shard no longer exists.
 * - `rejected`: the request is invalid, e.g. a sequence number that is not in the shard.
 * - `internal`: the service failed (DynamoDB Local also answers this to an out-of-range sequence number).
 * - `transient`: anything else (throttling, network); try again later.
 */
export type StreamErrorKind = 'expired-iterator' | 'trimmed' | 'gone' | 'rejected' | 'internal' | 'transient';

const kinds: Readonly<Record<string, StreamErrorKind>> = {
  ExpiredIteratorException: 'expired-iterator',
  TrimmedDataAccessException: 'trimmed',
  ResourceNotFoundException: 'gone',
  ValidationException: 'rejected',
  InternalServerError: 'internal',
  InternalFailure: 'internal',
};

/** Classifies an error thrown by a DynamoDB Streams call. */
export const streamErrorKind = (error: unknown): StreamErrorKind =>
  (error instanceof Error ? kinds[error.name] : undefined) ?? 'transient';

/** The error's name only, for logs: AWS messages may quote request data. */
export const errorName = (error: unknown): string => (error instanceof Error ? error.name : 'UnknownError');
