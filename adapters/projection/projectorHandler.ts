import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isTransientError } from '../aws/transientError.js';
import { eventFromItem, type EventItem } from '../dynamodb/eventItem.js';
import { deadLetters, type FailedRecord } from './deadLetters.js';
import { eventProjector, type EventProjectorDeps } from './eventProjector.js';
import { isDomainEvent, newImageOf, sequenceNumberOf } from '../streams/domainEventRecord.js';
import { errorReason as reasonOf } from '../../application/errorReason.js';

/** Where the projector logs; `@aws-lambda-powertools/logger`'s Logger fits. Only ids and reasons, never payloads. */
export interface ProjectorLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface ProjectorHandlerDeps extends EventProjectorDeps {
  /** Failures of one record before it is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  /** Streams projected at once (default 8); one stream's records are always projected one after another. */
  readonly concurrency?: number;
  readonly logger?: ProjectorLogger;
  /** Called once for each record dead-lettered, to count it where an alarm can see it (a metric, in Lambda). */
  readonly onDeadLettered?: () => void;
}

/** The Lambda handler of the projection: a stream batch in, a partial batch response out. */
export type ProjectorHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** One version of one stream in the batch, with every record that delivered it (a batch may repeat a record). */
interface Step {
  readonly version: number;
  readonly item: EventItem;
  readonly record: DynamoDBRecord;
  readonly sequenceNumbers: string[];
}

// Error messages of JSON.parse quote the text they choked on, which is an event payload here.
const failedRecordOf = (streamId: string | undefined, step: Step): FailedRecord => ({
  source: streamId === undefined ? `record#${step.sequenceNumbers[0]}` : `${streamId}#${step.version}`,
  sequenceNumber: step.sequenceNumbers[0]!,
  ...(streamId === undefined ? {} : { streamId, version: step.version }),
  ...(step.item.event_id?.S === undefined ? {} : { eventId: step.item.event_id.S }),
  ...(step.item.type?.S === undefined ? {} : { type: step.item.type.S }),
  ...(step.record.eventSourceARN === undefined ? {} : { eventSourceArn: step.record.eventSourceARN }),
});

/**
 * The projector Lambda (and, fed by the local poller, the local projector): applies each record's event to the read
 * models and reports in `batchItemFailures` the records it could not apply.
 *
 * Records are grouped by stream and each stream's records applied in version order, streams side by side. When a
 * record fails, the later records of its stream are not attempted in this batch (they are reported too), while other
 * streams go on: Lambda resumes the shard from the lowest reported sequence number, so everything after it comes again,
 * and what was applied already is then skipped by the version guard. A record that keeps failing is dead-lettered after
 * `maxAttempts` failures (counted durably; throttling and outages are retried without counting) and acknowledged from
 * then on, so one poison record holds up its shard for a bounded number of retries and never blocks other streams.
 *
 * Not Powertools' BatchProcessor: it handles records one by one in batch order, where this needs per-stream order and
 * stopping a stream at its first failure while the other streams continue.
 */
export const createProjector = (deps: ProjectorHandlerDeps): ProjectorHandler => {
  const projector = eventProjector(deps);
  const letters = deadLetters({
    client: deps.client,
    table: deps.tables.readModels,
    maxAttempts: deps.maxAttempts ?? 5,
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  const concurrency = Math.max(1, deps.concurrency ?? 8);

  const runStream = async (streamId: string | undefined, steps: ReadonlyArray<Step>, failed: Set<string>): Promise<void> => {
    for (const [index, step] of steps.entries()) {
      try {
        await projector.apply(await eventFromItem(step.item, projector.source.readParts));
        continue;
      } catch (error) {
        const record = failedRecordOf(streamId, step);
        const reason = reasonOf(error);
        if (isTransientError(error)) {
          // The record is fine, the moment is not: retry without counting it towards the dead letter.
          deps.logger?.warn('stream record not projected yet', { source: record.source, sequence_number: record.sequenceNumber, reason });
          for (const later of steps.slice(index)) for (const sequenceNumber of later.sequenceNumbers) failed.add(sequenceNumber);
          return;
        }
        let verdict: Awaited<ReturnType<typeof letters.recordFailure>> = 'retry';
        try {
          verdict = await letters.recordFailure(record, reason);
        } catch (countingError) {
          deps.logger?.error('projection failure could not be counted', { source: record.source, error: reasonOf(countingError) });
        }
        if (verdict === 'dead-lettered') {
          deps.logger?.error('stream record dead-lettered', { source: record.source, sequence_number: record.sequenceNumber, reason });
          deps.onDeadLettered?.();
        }
        if (verdict !== 'retry') continue;
        deps.logger?.warn('stream record not projected', { source: record.source, sequence_number: record.sequenceNumber, reason });
        for (const later of steps.slice(index)) for (const sequenceNumber of later.sequenceNumbers) failed.add(sequenceNumber);
        return;
      }
    }
  };

  return async (streamEvent) => {
    const records = streamEvent.Records.filter(isDomainEvent).map((record) => ({ record, sequenceNumber: sequenceNumberOf(record) }));
    const streams = new Map<string, { streamId: string | undefined; steps: Map<number, Step> }>();
    for (const { record, sequenceNumber } of records) {
      const item = newImageOf(record);
      const streamId = item.stream_id?.S;
      const version = Number(item.version?.N);
      const readable = streamId !== undefined && Number.isSafeInteger(version);
      const groupKey = readable ? `stream:${streamId}` : `record:${sequenceNumber}`;
      let group = streams.get(groupKey);
      if (group === undefined) {
        group = { streamId: readable ? streamId : undefined, steps: new Map() };
        streams.set(groupKey, group);
      }
      const stepVersion = readable ? version : 0;
      const step = group.steps.get(stepVersion);
      if (step === undefined) group.steps.set(stepVersion, { version: stepVersion, item, record, sequenceNumbers: [sequenceNumber] });
      else step.sequenceNumbers.push(sequenceNumber);
    }

    const failed = new Set<string>();
    const queue = [...streams.values()];
    const worker = async (): Promise<void> => {
      for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
        await runStream(group.streamId, [...group.steps.values()].sort((a, b) => a.version - b.version), failed);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));

    const reported = new Set<string>();
    const batchItemFailures: DynamoDBBatchItemFailure[] = [];
    for (const { sequenceNumber } of records) {
      if (failed.has(sequenceNumber) && !reported.has(sequenceNumber)) {
        reported.add(sequenceNumber);
        batchItemFailures.push({ itemIdentifier: sequenceNumber });
      }
    }
    return { batchItemFailures };
  };
};
