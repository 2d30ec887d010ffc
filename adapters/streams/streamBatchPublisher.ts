import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { eventFromItem, type EventItem, type PartsReader } from '../dynamodb/eventItem.js';
import type { IntegrationPublisher, UndeliveredEvent } from '../eventbridge/eventBridgePublisher.js';
import { LineagePublishError } from '../kinesis/lineageFeed.js';
import { StreamOrderError } from '../kinesis/streamOrderGuard.js';
import { isDomainEvent, newImageOf, sequenceNumberOf } from './domainEventRecord.js';
import { errorName } from './streamErrors.js';

/** Where the publisher logs: ids, versions, sequence numbers and error codes only, never an event's data. */
export interface StreamPublisherLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface StreamBatchPublisherDeps {
  /** The integration events (EventBridge); resolves to the events it could not deliver. */
  readonly integration: IntegrationPublisher;
  /** The lineage feed (Kinesis, `publishLineage`): all events or, by throwing, an unknown part of them. */
  readonly lineage: (events: ReadonlyArray<RecordedEvent>) => Promise<unknown>;
  readonly readParts: PartsReader;
  readonly logger?: StreamPublisherLogger;
}

/** One version of one stream in the batch, with every record that delivered it (a batch may repeat a record). */
interface Step {
  readonly streamId: string | undefined;
  readonly version: number;
  readonly item: EventItem;
  readonly sequenceNumbers: string[];
}

/**
 * The lineage feed or the event bus failed a whole publication: no record is to blame, so the whole batch fails and is
 * delivered again, and no record comes closer to being given up for it (the local poller counts only reported records).
 */
export class PublicationUnavailable extends Error {
  constructor(sides: ReadonlyArray<string>) {
    super(`${sides.join(' and ')} did not take the publication`);
    this.name = 'PublicationUnavailable';
  }
}

/** Each stream's steps in version order, streams in the order they first appear in the batch. */
const stepsByStream = (records: ReadonlyArray<{ readonly sequenceNumber: string; readonly item: EventItem }>): Step[][] => {
  const streams = new Map<string, Map<number, Step>>();
  for (const { sequenceNumber, item } of records) {
    const streamId = item.stream_id?.S;
    const version = Number(item.version?.N);
    const readable = streamId !== undefined && Number.isSafeInteger(version);
    // An item without a stream id or version cannot be ordered; it stands alone (and fails to decode).
    const key = readable ? `stream:${streamId}` : `record:${sequenceNumber}`;
    let steps = streams.get(key);
    if (steps === undefined) {
      steps = new Map();
      streams.set(key, steps);
    }
    const step = steps.get(readable ? version : 0);
    if (step === undefined) steps.set(readable ? version : 0, { streamId: readable ? streamId : undefined, version: readable ? version : 0, item, sequenceNumbers: [sequenceNumber] });
    else step.sequenceNumbers.push(sequenceNumber);
  }
  return [...streams.values()].map((steps) => [...steps.values()].sort((a, b) => a.version - b.version));
};

/**
 * The publisher Lambda's work on one DynamoDB Streams batch: every domain event goes to EventBridge as an integration
 * event and to Kinesis as a lineage record, and `batchItemFailures` reports each record that failed on either side.
 *
 * Lambda resumes the shard from the lowest reported sequence number and delivers everything after it again, so the
 * report must never leave out a failed record: it is the union of both sides' failures, with every sequence number of
 * a record the batch repeats. What is delivered again is published again; consumers drop duplicates by event id (bus)
 * or by stream id and version (feed).
 *
 * The feed keeps each stream in version order, so a stream stops at its first event that cannot be read: later
 * versions of it are held back from both sides and reported, to follow when the unreadable one is published. The two
 * sides run side by side. Kinesis answers a publication as a whole (a failed one may have stored some records, in
 * stream order), and either side may fail a whole call: then the batch fails as a whole (`PublicationUnavailable`).
 */
export const streamBatchPublisher = (deps: StreamBatchPublisherDeps) => async (streamEvent: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = streamEvent.Records.filter(isDomainEvent).map((record) => ({ sequenceNumber: sequenceNumberOf(record), item: newImageOf(record) }));
  const streams = stepsByStream(records);
  const read = await Promise.all(streams.map((steps) => Promise.allSettled(steps.map((step) => eventFromItem(step.item, deps.readParts)))));

  const failed = new Set<Step>();
  const outgoing: { readonly step: Step; readonly event: RecordedEvent }[] = [];
  streams.forEach((steps, s) => {
    const outcomes = read[s]!;
    const stop = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    const published = stop < 0 ? steps.length : stop;
    for (let i = 0; i < published; i++) outgoing.push({ step: steps[i]!, event: (outcomes[i] as PromiseFulfilledResult<RecordedEvent>).value });
    if (stop < 0) return;
    const unreadable = steps[stop]!;
    deps.logger?.warn('stream record could not be read', {
      sequence_number: unreadable.sequenceNumbers[0],
      stream_id: unreadable.streamId,
      version: unreadable.version,
      event_id: unreadable.item.event_id?.S,
      // The error's name only: a JSON parse message quotes the payload it choked on.
      error_code: errorName((outcomes[stop] as PromiseRejectedResult).reason),
    });
    if (steps.length > stop + 1) {
      deps.logger?.warn('later versions held back behind an unreadable event', { stream_id: unreadable.streamId, from_version: unreadable.version, held_back: steps.length - stop - 1 });
    }
    for (const step of steps.slice(stop)) failed.add(step);
  });

  if (outgoing.length > 0) {
    const events = outgoing.map(({ event }) => event);
    let busDown = false;
    const [undelivered, lineageError] = await Promise.all([
      deps.integration.publish(events).catch((error: unknown): ReadonlyArray<UndeliveredEvent> => {
        deps.logger?.error('integration events not published', { events: events.length, error_code: errorName(error) });
        busDown = true;
        return [];
      }),
      deps.lineage(events).then(
        () => undefined,
        (error: unknown) => error,
      ),
    ]);
    const notOnBus = new Set(undelivered.map(({ event }) => event));
    for (const { step, event } of outgoing) if (notOnBus.has(event)) failed.add(step);
    if (lineageError !== undefined) {
      // Our own errors name streams, versions and Kinesis error codes only; any other message might quote a payload.
      const known = lineageError instanceof LineagePublishError || lineageError instanceof StreamOrderError;
      deps.logger?.error('lineage records not published', {
        events: events.length,
        error_code: errorName(lineageError),
        ...(known ? { error_message: (lineageError as Error).message } : {}),
      });
    }
    if (busDown || lineageError !== undefined) throw new PublicationUnavailable([...(busDown ? ['EventBridge'] : []), ...(lineageError === undefined ? [] : ['Kinesis'])]);
  }

  const failedSequenceNumbers = new Set([...failed].flatMap((step) => step.sequenceNumbers));
  const reported = new Set<string>();
  const batchItemFailures: DynamoDBBatchItemFailure[] = [];
  // In batch order, which is shard order: the first reported is the lowest, where Lambda resumes.
  for (const { sequenceNumber } of records) {
    if (failedSequenceNumbers.has(sequenceNumber) && !reported.has(sequenceNumber)) {
      reported.add(sequenceNumber);
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
    }
  }
  return { batchItemFailures };
};

/**
 * For Lambda: a publication that failed as a whole becomes every record reported, not a thrown error. Lambda retries
 * the batch either way, but a throw would also count as a failed invocation (its alarm) and halve the batch, neither of
 * which an outage of the bus or the feed calls for. The local poller wants the throw: it blames no record for it.
 */
export const reportingUnavailability =
  (publish: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    try {
      return await publish(event);
    } catch (error) {
      if (!(error instanceof PublicationUnavailable)) throw error;
      return { batchItemFailures: event.Records.filter(isDomainEvent).map((record) => ({ itemIdentifier: sequenceNumberOf(record) })) };
    }
  };

