import { setTimeout as delay } from 'node:timers/promises';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeClient, PutEventsRequestEntry, PutEventsResponse } from '@aws-sdk/client-eventbridge';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { integrationEntry } from './integrationEvent.js';
import { putEventsBatches, putEventsBatchLimits } from './putEventsBatches.js';
import type { PutEventsBatchLimits } from './putEventsBatches.js';
import { putEventsEntrySize } from './putEventsLimits.js';
import { errorName } from '../streams/streamErrors.js';

/**
 * What the publisher logs through; `@aws-lambda-powertools/logger`'s Logger fits. Only ids, types, sizes and error
 * codes are ever passed: never an entry's `Detail`, never an AWS error message (they may quote the payload).
 */
export interface PublisherLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface EventBridgePublisherConfig {
  readonly client: EventBridgeClient;
  /** Name or ARN of the event bus. */
  readonly busName: string;
  /** Source prefix, e.g. `fiducia` (see `integrationSource`). */
  readonly source: string;
  /** Marks every event as re-sent by a replay (`detail.metadata.replay = true`); default false. */
  readonly replay?: boolean;
  /** Tries per entry, the first included; default 3. */
  readonly maxAttempts?: number;
  /** Wait before the first retry, doubled before each further one; default 100 ms (tests use 0). */
  readonly baseDelayMs?: number;
  /** Defaults to the EventBridge quotas; events larger than `maxBytes` go out as claim checks. */
  readonly limits?: PutEventsBatchLimits;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: PublisherLogger;
}

/** An event that was not delivered, and the last error code EventBridge (or the SDK) gave for it. */
export interface UndeliveredEvent {
  readonly event: RecordedEvent;
  readonly errorCode: string;
}

/** Publishes integration events for recorded events. */
export interface IntegrationPublisher {
  /** Sends one integration event per recorded event, in order; resolves to those not delivered, in input order. */
  readonly publish: (events: ReadonlyArray<RecordedEvent>) => Promise<ReadonlyArray<UndeliveredEvent>>;
}

/**
 * Entry error codes that the same entry will get again however often it is sent (per the PutEvents API reference);
 * any other code, including ones AWS adds later, is taken as transient and retried.
 */
const permanentErrorCodes: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'InvalidAccountIdException',
  'InvalidArgument',
  'MalformedDetail',
  'RedactionFailure',
  'NotAuthorizedForSourceException',
  'NotAuthorizedForDetailTypeException',
]);

interface Outgoing {
  /** Position in the events given to `publish`. */
  readonly index: number;
  readonly entry: PutEventsRequestEntry;
}

/** Why an entry was given up on: the last error code, after how many calls. */
interface Failure {
  readonly errorCode: string;
  readonly attempts: number;
}

/** The error code of the entry at `index`, or undefined when EventBridge accepted it. */
const entryErrorCode = (response: PutEventsResponse, index: number): string | undefined => {
  const result = response.Entries?.[index];
  if (result?.ErrorCode !== undefined) return result.ErrorCode;
  // A failure count without a matching result entry must not pass for success.
  if (result === undefined && (response.FailedEntryCount ?? 0) > 0) return 'MissingResultEntry';
  return undefined;
};

const logFields = (event: RecordedEvent): Record<string, unknown> => ({
  event_id: event.eventId,
  stream_id: event.streamId,
  version: event.version,
  type: event.type,
});

/** A publisher to one EventBridge bus: claim checks for oversize events, batches within quotas, retries of failures. */
export const eventBridgePublisher = (config: EventBridgePublisherConfig): IntegrationPublisher => {
  const limits = config.limits ?? putEventsBatchLimits;
  const maxAttempts = Math.max(1, config.maxAttempts ?? 3);
  const baseDelayMs = config.baseDelayMs ?? 100;
  const sleep = config.sleep ?? ((ms: number) => delay(ms));
  const options = { busName: config.busName, source: config.source, replay: config.replay ?? false, maxEntryBytes: limits.maxBytes };

  /** Sends one batch, retrying only the entries that failed transiently; what it gives up on stays in `failures`. */
  const sendBatch = async (batch: ReadonlyArray<Outgoing>, failures: Map<number, Failure>): Promise<void> => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0 && attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2));
      const retry: Outgoing[] = [];
      try {
        const response = await config.client.send(new PutEventsCommand({ Entries: pending.map((item) => item.entry) }));
        pending.forEach((item, position) => {
          const errorCode = entryErrorCode(response, position);
          if (errorCode === undefined) {
            failures.delete(item.index);
            return;
          }
          failures.set(item.index, { errorCode, attempts: attempt });
          if (!permanentErrorCodes.has(errorCode)) retry.push(item);
        });
      } catch (error) {
        // Throttling or a service error refused the whole call (after the SDK's own retries): every entry is retried.
        for (const item of pending) failures.set(item.index, { errorCode: errorName(error), attempts: attempt });
        retry.push(...pending);
      }
      pending = retry;
    }
  };

  const publish = async (events: ReadonlyArray<RecordedEvent>): Promise<ReadonlyArray<UndeliveredEvent>> => {
    const failures = new Map<number, Failure>();
    const outgoing: Outgoing[] = [];
    events.forEach((event, index) => {
      try {
        const { entry, claimCheck } = integrationEntry(event, options);
        if (claimCheck !== undefined) {
          config.logger?.info('integration event too large, sending a claim check', { ...logFields(event), detail_bytes: claimCheck.detail_bytes });
        }
        outgoing.push({ index, entry });
      } catch (error) {
        failures.set(index, { errorCode: errorName(error), attempts: 0 });
      }
    });
    // One batch after another keeps the events of a stream in order as far as EventBridge lets them be.
    for (const batch of putEventsBatches(outgoing, (item) => putEventsEntrySize(item.entry), limits)) {
      await sendBatch(batch, failures);
    }
    return events.flatMap((event, index) => {
      const failure = failures.get(index);
      if (failure === undefined) return [];
      config.logger?.warn('integration event not delivered', { ...logFields(event), error_code: failure.errorCode, attempts: failure.attempts });
      return [{ event, errorCode: failure.errorCode }];
    });
  };

  return { publish };
};
