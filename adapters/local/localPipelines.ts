import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../dynamodb/tables.js';
import { groupByStream, scanEvents } from '../dynamodb/eventScan.js';
import { ensureStream } from '../kinesis/ensureStream.js';
import { createKinesisClient } from '../kinesis/kinesisClient.js';
import { startKinesalite } from '../kinesis/kinesaliteLocal.js';
import { publishLineage } from '../kinesis/lineageFeed.js';
import { failedStreamRecord, parkRecord } from '../projection/deadLetters.js';
import { createProjector } from '../projection/projectorHandler.js';
import { rebuildReadModels } from '../projection/rebuild.js';
import { sourceEvents } from '../projection/sourceEvents.js';
import { combinedLag, recordedAtTime, type ProjectionLag } from '../streams/projectionLag.js';
import { streamBatchPublisher } from '../streams/streamBatchPublisher.js';
import { startStreamPoller } from '../streams/streamPoller.js';
import { createStreamsClient } from '../streams/streamsClient.js';
import { integrationEventLog } from './integrationEventLog.js';

/** The stream consumers of the local runtime, standing in for the projector and publisher Lambdas. */
export interface LocalPipelines {
  readonly kinesisEndpoint: string;
  readonly lineageStream: string;
  readonly integrationEventsFile: string;
  readonly lag: () => { readonly projection: ProjectionLag; readonly publisher: ProjectionLag };
  readonly stop: () => Promise<void>;
}

const lineageStream = 'fiducia-lineage';

/** What the events stream surely still holds (it keeps 24 hours): older events are re-sent from the table. */
const streamHoldsMs = 23 * 60 * 60 * 1000;

/**
 * When a stream began, from its ARN's label (an ISO 8601 instant, in AWS as in DynamoDB Local), as stored times are
 * written; undefined when the label is not one. Events recorded before it are not in the stream at all.
 */
const streamBeganAt = (streamArn: string): string | undefined => {
  const label = streamArn.split('/stream/')[1];
  // The label is UTC, written without an offset, which Date.parse would read as local time.
  const millis = label === undefined ? Number.NaN : Date.parse(/(?:[Zz]|[+-]\d{2}:\d{2})$/.test(label) ? label : `${label}Z`);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
};

/**
 * Starts kinesalite (on disk in the data folder) and two pollers of the events table's stream: the projector (read
 * models) and the publisher (lineage feed to Kinesis, integration events to a local log). Both run the very handlers the
 * Lambdas run; a lost checkpoint falls back to a rebuild (read models) or a re-send of what the stream no longer
 * holds (the feed and the integration events).
 */
export const startLocalPipelines = async (options: {
  readonly dynamo: DynamoDBClient;
  readonly dynamoEndpoint: string;
  readonly tables: TableNames;
  readonly dataDir: string;
}): Promise<LocalPipelines> => {
  const { dynamo, tables } = options;
  const kinesalite = await startKinesalite({ path: join(options.dataDir, 'kinesis') });
  const kinesis = createKinesisClient(kinesalite.endpoint);
  const streams = createStreamsClient(options.dynamoEndpoint);
  try {
    await ensureStream(kinesis, lineageStream, 2);
    const integrationEventsFile = join(options.dataDir, 'integration-events.ndjson');
    // An idle shard is polled every 50 ms: the local engine answers an empty GetRecords cheaply, and lag stays low.
    const common = { streamsClient: streams, dynamoClient: dynamo, tableName: tables.events, checkpointTable: tables.readModels, recordTime: recordedAtTime, idleDelayMs: 50 };
    const projector = startStreamPoller({
      ...common,
      consumer: 'projector',
      // Each proposal is its own stream: a whole batch is projected side by side, and eight batches at once (each
      // event stream still in order). The engine serves requests in turn, so the projector's share of it grows with
      // its requests in flight: one batch at a time, it fell behind commands at full speed while each batch ended.
      // Measured (`npm run bench -- projection`): lag p99 at full speed 0.9-1.0 s with one batch of 100, 0.5-0.7 s so.
      batchSize: 50,
      parallelization: { batches: 8, orderingKey: (record) => record.dynamodb?.Keys?.stream_id?.S ?? '' },
      handler: createProjector({ client: dynamo, tables, concurrency: 50 }),
      onExpiredCheckpoint: async () => {
        await rebuildReadModels({ client: dynamo, tables });
      },
    });
    const publisher = startStreamPoller({
      ...common,
      consumer: 'publisher',
      // One unreadable record must not hold up the feed of every other aggregate for long (in AWS the mapping gives up
      // when a record is 12 hours old). Only records the publisher blames count: an outage of Kinesis or of the bus
      // parks nothing. The skipped event stays in the store and is parked as a dead letter (`fiducia projections
      // dead-letters --consumer publisher`); `fiducia audit export` re-sends it.
      maxRecordAttempts: 20,
      onGiveUp: (record, attempts) => {
        const failed = failedStreamRecord(record);
        return parkRecord(
          { client: dynamo, table: tables.readModels, consumer: 'publisher' },
          {
            source: failed.source,
            reason: `not published after ${attempts} deliveries (the publisher's log has each failure)`,
            attempts,
            record: failed,
            deadLetteredAt: new Date().toISOString(),
          },
        );
      },
      handler: streamBatchPublisher({
        integration: integrationEventLog(integrationEventsFile),
        lineage: (events) => publishLineage(kinesis, lineageStream, events),
        readParts: sourceEvents(dynamo, tables).readParts,
      }),
      // Records the stream no longer holds are re-sent from the table itself: to the feed, where consumers drop
      // duplicates by (stream, version), and as integration events marked as a replay. The stream is read again from
      // its oldest record next, and holds its last 24 hours since it began: only events older than that are re-sent
      // (with an hour's margin), so a fresh store publishes each event once. A new stream holds none of the old ones.
      onExpiredCheckpoint: async ({ streamChanged, streamArn }) => {
        const stored = [...(await groupByStream(scanEvents({ client: dynamo, tables }))).values()].flat();
        const began = streamBeganAt(streamArn);
        const held = new Date(Date.now() - streamHoldsMs).toISOString();
        const resentBefore = streamChanged || began === undefined ? undefined : began > held ? began : held;
        const events = resentBefore === undefined ? stored : stored.filter((event) => event.recordedAt < resentBefore);
        if (events.length === 0) return;
        await publishLineage(kinesis, lineageStream, events);
        await integrationEventLog(integrationEventsFile, true).publish(events);
      },
    });
    return {
      kinesisEndpoint: kinesalite.endpoint,
      lineageStream,
      integrationEventsFile,
      lag: () => ({ projection: projector.lag(), publisher: publisher.lag() }),
      stop: async () => {
        await Promise.all([projector.stop(), publisher.stop()]);
        streams.destroy();
        kinesis.destroy();
        await kinesalite.stop();
      },
    };
  } catch (error) {
    streams.destroy();
    kinesis.destroy();
    await kinesalite.stop();
    throw error;
  }
};

/** Lag of every local consumer, for `GET /health`. */
export const lagReport = (pipelines: LocalPipelines) => {
  const { projection, publisher } = pipelines.lag();
  const total = combinedLag([projection, publisher]);
  return { records_behind: total.records, millis_behind: total.millis, projection, publisher };
};
