import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * What a consumer of a stream supplies: the very function Lambda calls with a batch of records. A non-empty
 * `batchItemFailures` acknowledges the records before the earliest failed one; the rest comes again. Throwing (or
 * naming a record that is not in the batch) fails the whole batch, as under Lambda.
 */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

/**
 * Where the poller logs; `@aws-lambda-powertools/logger`'s Logger fits. Only ids, counts and error names are passed,
 * never a record's content (events carry client PII).
 */
export interface StreamPollerLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}
