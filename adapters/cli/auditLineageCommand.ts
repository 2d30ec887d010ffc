import { isLeft } from 'fp-ts/lib/Either.js';
import { InvalidArgumentError, type Command } from 'commander';
import { parseInstant } from '../../domain/instant.js';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { groupByStream, scanEvents } from '../dynamodb/eventScan.js';
import { streamHeads } from '../dynamodb/streamHeads.js';
import { checkLineage, type LineageOrigin } from '../kinesis/lineageCheck.js';
import { exportLineage } from '../kinesis/lineageExport.js';
import { createKinesisClient } from '../kinesis/kinesisClient.js';
import { compareHeads, type HeadFinding } from '../kinesis/lineageHeads.js';
import { progressBar } from './progressBar.js';
import { operatorActor, recordOperatorRead } from './operatorRead.js';
import { connectToStore, type StoreConnection } from './storeConnection.js';

/** The lineage stream of the local runtime, unless configured otherwise. */
export const defaultLineageStream = 'fiducia-lineage';

const instant = (name: string) => (text: string): string => {
  const parsed = parseInstant(text);
  if (isLeft(parsed)) throw new InvalidArgumentError(`--${name} ${parsed.left}`);
  return parsed.right;
};

const windowText = (options: { fromTime?: string; toTime?: string }): string =>
  `${options.fromTime === undefined ? '' : ` --from-time ${options.fromTime}`}${options.toTime === undefined ? '' : ` --to-time ${options.toTime}`}`;

/** Kinesis of the running service (or FIDUCIA_KINESIS_ENDPOINT), or of a deployed stack (LINEAGE_STREAM_NAME). */
const kinesisOf = (store: StoreConnection, env: NodeJS.ProcessEnv) => {
  const endpoint = env.FIDUCIA_KINESIS_ENDPOINT || store.runtime?.kinesisEndpoint;
  const deployedStream = env.LINEAGE_STREAM_NAME || undefined;
  if (endpoint === undefined && deployedStream !== undefined) return { client: createKinesisClient(), streamName: deployedStream };
  if (endpoint === undefined) throw new Error('no Kinesis endpoint: start the service (`npm start`), set FIDUCIA_KINESIS_ENDPOINT, or give a deployed stream as LINEAGE_STREAM_NAME');
  return { client: createKinesisClient(endpoint), streamName: env.FIDUCIA_LINEAGE_STREAM || store.runtime?.lineageStream || defaultLineageStream };
};

/**
 * Every committed event in a time window, streams in id order and each in version order. Streams are grouped in memory: an audit export
 * is an operator run over the whole store, not a hot path.
 */
async function* eventsInWindow(store: StoreConnection, from: string | undefined, to: string | undefined): AsyncIterable<RecordedEvent> {
  const streams = await groupByStream(scanEvents({ client: store.client, tables: store.tables }));
  // Streams in id order: a parallel scan finds them in no fixed order, and two exports of one store must be identical.
  const ids = [...streams.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const events of ids.map((id) => streams.get(id)!)) {
    for (const event of events) {
      if ((from === undefined || event.recordedAt >= from) && (to === undefined || event.recordedAt <= to)) yield event;
    }
  }
}

/** `fiducia audit export --to kinesis|file` and `fiducia audit check-lineage`: the ordered lineage feed, and its consumer-side check. */
export const registerAuditLineage = (audit: Command, env: NodeJS.ProcessEnv = process.env): void => {
  audit
    .command('export')
    .description('export every committed event (canonical JSON with its hash, each stream in order) to Kinesis or an NDJSON file')
    .requiredOption('--to <sink>', 'kinesis or file')
    .option('--file <path>', 'the NDJSON file (with --to file)', 'lineage.ndjson')
    .option('--from-time <instant>', 'only events recorded at or after this RFC 3339 instant', instant('from-time'))
    .option('--to-time <instant>', 'only events recorded at or before this RFC 3339 instant', instant('to-time'))
    .action(async (options: { to: string; file: string; fromTime?: string; toTime?: string }) => {
      if (options.to !== 'kinesis' && options.to !== 'file') throw new Error('--to must be kinesis or file');
      const store = await connectToStore(env);
      const bar = progressBar('export');
      try {
        await recordOperatorRead(store, operatorActor(), `fiducia audit export --to ${options.to}${windowText(options)}`);
        const sink = options.to === 'file' ? { kind: 'file' as const, path: options.file } : { kind: 'kinesis' as const, ...kinesisOf(store, env), shardCount: 2 };
        const result = await exportLineage({
          source: eventsInWindow(store, options.fromTime, options.toTime),
          sink,
          onProgress: (count: number) => bar.update(count, count),
        });
        bar.stop();
        console.log(`Exported ${result.events} events of ${result.streams} streams to ${options.to === 'file' ? options.file : sink.kind} (${Math.round(result.eventsPerSecond)} events/s).`);
      } finally {
        bar.stop();
        store.close();
      }
    });

  audit
    .command('check-lineage')
    .description('read an exported lineage back as a consumer would and verify every chain end to end')
    .option('--file <path>', 'check an NDJSON export instead of the Kinesis feed')
    .option('--windowed', 'the export started mid-stream (--from-time): do not require chains to start at genesis')
    .option('--against-store', "also compare each stream's newest event with the event store (a truncated or rewritten tail)")
    .option('--from-time <instant>', "with --windowed --against-store: the export's --from-time", instant('from-time'))
    .option('--to-time <instant>', "with --windowed --against-store: the export's --to-time, if it had one", instant('to-time'))
    .action(async (options: { file?: string; windowed?: boolean; againstStore?: boolean; fromTime?: string; toTime?: string }) => {
      const windowed = options.windowed === true;
      if (windowed && options.againstStore === true && options.fromTime === undefined) {
        throw new InvalidArgumentError('--windowed --against-store needs the --from-time the export was made with (and its --to-time, if any)');
      }
      const store = options.file === undefined || options.againstStore === true ? await connectToStore(env) : undefined;
      const origin: LineageOrigin = options.file !== undefined ? { kind: 'file', path: options.file } : { kind: 'kinesis', ...kinesisOf(store!, env) };
      try {
        const check = await checkLineage(origin, { expectGenesis: options.windowed !== true });
        let findings: ReadonlyArray<HeadFinding> | undefined;
        let failing: ReadonlyArray<HeadFinding> = [];
        if (options.againstStore === true) {
          const heads = streamHeads(store!.client, store!.tables.events);
          const storeHeads = await heads.all();
          findings = await compareHeads(check.streams, { heads: storeHeads, hashAt: heads.hashAt });
          // A window leaves out older events and, with an end, newer ones: an event the store lacks in the feed counts
          // only when it was recorded within the window, where a truncated tail or a deleted stream would show.
          const inWindow = (recordedAt: string | undefined) =>
            recordedAt !== undefined && recordedAt >= options.fromTime! && (options.toTime === undefined || recordedAt <= options.toTime);
          const fails = async (finding: HeadFinding): Promise<boolean> => {
            if (finding.kind === 'differs' || !windowed) return true;
            // A stream whose newest event is older than the window has nothing in it: no need to read further.
            if (storeHeads.get(finding.streamId)!.recordedAt < options.fromTime!) return false;
            if (finding.kind === 'behind') return inWindow(await heads.recordedAtOf(finding.streamId, finding.feedVersion + 1));
            return inWindow(await heads.firstRecordedFrom(finding.streamId, options.fromTime!));
          };
          // One stream at a time: an operator's check, not to crowd the store the service works on.
          const flagged: HeadFinding[] = [];
          for (const finding of findings) if (await fails(finding)) flagged.push(finding);
          failing = flagged;
        }
        // Reading the feed is a read of lineage, recorded before anything is shown. A file was recorded when it was
        // exported, and the store gives only versions and hashes here; recording those checks would also put the
        // operator's own trail ahead of every export, failing the next check against the store.
        if (options.file === undefined) {
          await recordOperatorRead(store!, operatorActor(), `fiducia audit check-lineage${options.againstStore === true ? ' --against-store' : ''}`);
        }
        for (const stream of check.streams.filter((s) => !s.ok)) console.log(JSON.stringify(stream));
        for (const entry of check.unreadable) console.log(`unreadable: ${entry.where}: ${entry.error}`);
        console.log(`${check.ok ? 'Lineage verifies' : 'Lineage does NOT verify'}: ${check.records} records, ${check.streams.length} streams, ${check.duplicatesDropped} duplicates dropped.`);
        if (!check.ok) process.exitCode = 1;
        if (findings !== undefined) {
          for (const finding of failing) console.log(JSON.stringify(finding));
          const outside = findings.length - failing.length;
          // A file is a snapshot: the store moves on (audit reads among it). The feed can also be behind by lag.
          const behindBecause = options.file === undefined ? 'publisher lag, or records to re-send with `audit export`' : 'events recorded after the export, or records the export lacks';
          console.log(
            failing.length === 0
              ? `Every stream head matches the event store${windowed ? ` within the window (${outside} outside it)` : ''}.`
              : `${failing.length} stream${failing.length === 1 ? ' disagrees' : 's disagree'} with the event store (behind or missing: ${behindBecause}).`,
          );
          if (failing.length > 0) process.exitCode = 1;
        }
      } finally {
        store?.close();
      }
    });
};
