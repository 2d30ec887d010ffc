import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { portfolioStreamPrefix, profileStreamPrefix, UndecodableEvent } from '../../projections/projectedEvent.js';
import { eventProjector, type ProjectorTables } from './eventProjector.js';
import { errorReason as reasonOf } from '../../application/errorReason.js';

export { readModelChecksum } from './readModelChecksum.js';

/** How far a rebuild has got, reported as it goes. */
export interface RebuildProgress {
  readonly phase: 'scan' | 'apply';
  /** Event items scanned so far. */
  readonly scanned: number;
  /** Streams found that read models depend on. */
  readonly streams: number;
  /** Streams done so far: projected (or found current already), or given up on and counted in `failed`. */
  readonly projected: number;
  readonly failed: number;
}

/** A stream a rebuild could not project, and why. */
export interface RebuildFailure {
  readonly streamId: string;
  readonly version: number;
  readonly reason: string;
}

export interface RebuildResult {
  readonly scanned: number;
  readonly streams: number;
  readonly projected: number;
  readonly failures: ReadonlyArray<RebuildFailure>;
}

export interface RebuildOptions {
  readonly client: DynamoDBClient;
  readonly tables: ProjectorTables;
  /** Parallel scan segments (TotalSegments), default 4. */
  readonly segments?: number;
  /** Shards of the all-portfolios rankings; `FIDUCIA_PORTFOLIO_SHARDS` (default 4) when not given. */
  readonly shards?: number;
  /** Streams projected at once, default 8. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly now?: () => string;
}

const projectedPrefixes = [portfolioStreamPrefix, profileStreamPrefix];
const transientAttempts = 3;

const isPermanent = (error: unknown): boolean => error instanceof UndecodableEvent || error instanceof SyntaxError;

/**
 * Rebuilds the read models from the event store: a parallel scan (Segment/TotalSegments) of the events table finds
 * each stream's latest version, which is then applied through the projector's one code path (`eventProjector.apply`),
 * exactly as the stream handler would. Into empty tables this yields the read model the live projector converges to;
 * over live tables it repairs them (every write is version-guarded).
 *
 * A latest event that cannot be decoded is skipped in favour of the one before it, as the live projector dead-letters
 * it and keeps the earlier version; other failures are retried and then reported, never skipped over.
 */
export const rebuildReadModels = async (options: RebuildOptions): Promise<RebuildResult> => {
  const segments = Math.max(1, options.segments ?? 4);
  const projector = eventProjector({
    client: options.client,
    tables: options.tables,
    ...(options.shards === undefined ? {} : { shards: options.shards }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const latest = new Map<string, number>();
  let scanned = 0;
  let projected = 0;
  const failures: RebuildFailure[] = [];
  const report = (phase: RebuildProgress['phase']): void =>
    options.onProgress?.({ phase, scanned, streams: latest.size, projected, failed: failures.length });

  const scanSegment = async (segment: number): Promise<void> => {
    const pages = paginateScan(
      { client: options.client },
      {
        TableName: options.tables.events,
        Segment: segment,
        TotalSegments: segments,
        ProjectionExpression: '#s, #v',
        ExpressionAttributeNames: { '#s': 'stream_id', '#v': 'version' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const streamId = item.stream_id?.S;
        const version = Number(item.version?.N);
        if (streamId === undefined || !Number.isSafeInteger(version)) continue;
        if (!projectedPrefixes.some((prefix) => streamId.startsWith(prefix))) continue;
        if ((latest.get(streamId) ?? 0) < version) latest.set(streamId, version);
      }
      scanned += page.Items?.length ?? 0;
      report('scan');
    }
  };
  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));

  const project = async (streamId: string, newest: number): Promise<void> => {
    let lastFailure: RebuildFailure | undefined;
    for (let version = newest; version >= 1; version -= 1) {
      for (let attempt = 1; attempt <= transientAttempts; attempt += 1) {
        try {
          const event = await projector.source.readEvent(streamId, version);
          if (event === undefined) throw new Error(`stream ${streamId} has no version ${version}`);
          await projector.apply(event);
          return;
        } catch (error) {
          lastFailure = { streamId, version, reason: reasonOf(error) };
          if (isPermanent(error)) break;
          if (attempt === transientAttempts) {
            failures.push(lastFailure);
            return;
          }
        }
      }
    }
    if (lastFailure !== undefined) failures.push(lastFailure);
  };

  const queue = [...latest.entries()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await project(next[0], next[1]);
      projected += 1;
      report('apply');
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, queue.length)) }, worker));
  return { scanned, streams: latest.size, projected, failures };
};
