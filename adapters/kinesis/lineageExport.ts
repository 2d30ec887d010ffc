import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { ensureStream } from './ensureStream.js';
import { writeLineageFile } from './lineageFile.js';
import { publishLineage, type PublishOptions } from './lineageFeed.js';

/** Where an export goes. */
export type LineageSink =
  | {
      readonly kind: 'kinesis';
      readonly client: KinesisClient;
      readonly streamName: string;
      /** Create the stream with this many shards if it is missing, and wait until it is ACTIVE. */
      readonly shardCount?: number;
      readonly publish?: Omit<PublishOptions, 'onProgress'>;
    }
  | { readonly kind: 'file'; readonly path: string };

/** One export: committed events (each stream in ascending versions, streams may interleave) to one sink. */
export interface ExportRequest {
  readonly source: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>;
  readonly sink: LineageSink;
  /** Events exported so far; never decreases. */
  readonly onProgress?: (exported: number) => void;
}

/** What an export did and how fast. */
export interface ExportResult {
  readonly sink: LineageSink['kind'];
  readonly events: number;
  readonly streams: number;
  readonly bytes: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  /** Kinesis only: records, calls, retries and fragmented events. */
  readonly kinesis?: Awaited<ReturnType<typeof publishLineage>>;
}

/** Exports the lineage of committed events to Kinesis (the ordered feed) or to an NDJSON file. */
export const exportLineage = async ({ source, sink, onProgress }: ExportRequest): Promise<ExportResult> => {
  const started = performance.now();
  const finish = (figures: { events: number; streams: number; bytes: number }, kinesis?: ExportResult['kinesis']): ExportResult => {
    const elapsedMs = performance.now() - started;
    return {
      sink: sink.kind,
      ...figures,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? (figures.events * 1_000) / elapsedMs : 0,
      ...(kinesis === undefined ? {} : { kinesis }),
    };
  };
  if (sink.kind === 'file') return finish(await writeLineageFile(sink.path, source, onProgress));
  if (sink.shardCount !== undefined) await ensureStream(sink.client, sink.streamName, sink.shardCount);
  const summary = await publishLineage(sink.client, sink.streamName, source, { ...sink.publish, ...(onProgress === undefined ? {} : { onProgress }) });
  return finish(summary, summary);
};
