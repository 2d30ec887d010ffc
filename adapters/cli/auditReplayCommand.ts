import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import {
  isReproduced,
  profileAsOfStore,
  profileAsOfStreams,
  replayStream,
  summariseReplays,
  type AuditReplaySummary,
  type CalculationEventReplay,
  type StreamReplay,
} from '../../application/auditReplay.js';
import type { StreamId } from '../../application/ports/eventStore.js';
import { operatorActor, recordOperatorRead } from './operatorRead.js';
import { connectToStore } from './storeConnection.js';
import { groupByStream, scanEvents, type EventScanTables } from '../dynamodb/eventScan.js';
import { dynamoEventStore } from '../dynamodb/eventStore.js';
import { errorReason } from '../../application/errorReason.js';

/** What to replay: one stream, or every stream of the store. */
export type ReplayTarget = { readonly stream: string } | { readonly all: true; readonly segments?: number };

/** The event-store tables a replay reads. */
export interface ReplayTables extends EventScanTables {
  readonly idempotency: string;
}

/**
 * Replays recorded calculations from DynamoDB. One stream is read with a query (the profiles its findings depend on
 * likewise, as of each proposal); `--all` scans the whole store once and holds it in memory grouped by stream, so it
 * suits an audit run, not a store larger than the machine's memory.
 */
export const replayFromDynamo = async (client: DynamoDBClient, tables: ReplayTables, target: ReplayTarget): Promise<AuditReplaySummary> => {
  if ('stream' in target) {
    const store = dynamoEventStore(client, tables);
    const events = await store.readStream(target.stream as StreamId);
    if (events.length === 0) throw new Error(`stream ${target.stream} has no events`);
    return summariseReplays([await replayStream(events, profileAsOfStore(store))]);
  }
  const streams = await groupByStream(scanEvents({ client, tables, ...(target.segments === undefined ? {} : { segments: target.segments }) }));
  const profileAsOf = profileAsOfStreams(streams);
  const replays: StreamReplay[] = [];
  for (const events of streams.values()) replays.push(await replayStream(events, profileAsOf));
  return summariseReplays(replays);
};

const maxValueLength = 200;

const shown = (value: unknown): string => {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength)}…` : text;
};

const versions = (calculation: CalculationEventReplay): string => {
  const engine = `engine recorded ${calculation.engineVersion.recorded ?? '(none)'}, current ${calculation.engineVersion.current}`;
  const rules = calculation.ruleSetVersion;
  return rules === null ? engine : `${engine}; rule set recorded ${rules.recorded ?? '(none)'}, current ${rules.current}`;
};

/** The report as text: one line of totals, then every flagged calculation with its versions and differing values. */
export const formatReplaySummary = (summary: AuditReplaySummary): string => {
  const lines = [
    `streams: ${summary.streams}, events: ${summary.events}, calculations replayed: ${summary.calculations}, ` +
      `differences: ${summary.differences}, unverified: ${summary.unverified}, problems: ${summary.problems}`,
    `current engine ${summary.current.engineVersion}, rule set ${summary.current.ruleSetVersion}`,
  ];
  for (const stream of summary.flagged) {
    for (const problem of stream.problems) lines.push(`${stream.streamId}: problem: ${problem}`);
    for (const calculation of stream.calculations) {
      lines.push(`${calculation.streamId} v${calculation.version} ${calculation.type} (recorded ${calculation.recordedAt}; ${versions(calculation)})`);
      for (const difference of calculation.differences) {
        lines.push(`  ${difference.path}: recorded ${shown(difference.recorded)}, recomputed ${shown(difference.recomputed)}`);
      }
      for (const reason of calculation.unverified) lines.push(`  unverified: ${reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
};

/** Where the command reads its settings and writes its report; the process's own unless a test supplies them. */
export interface AuditReplayIo {
  readonly env: NodeJS.ProcessEnv;
  readonly write: (text: string) => void;
  readonly err: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

/** Exit codes of `audit replay`, as `audit verify` has them: 1 says figures differ, so a replay that could not run is 2. */
export const auditReplayExit = { reproduced: 0, differs: 1, notReplayed: 2 } as const;

const processIo: AuditReplayIo = {
  env: process.env,
  write: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

const segmentCount = (value: string): number => {
  const segments = Number(value);
  if (!Number.isInteger(segments) || segments < 1 || segments > 1_000_000) throw new Error(`--segments must be an integer from 1 to 1000000, not "${value}"`);
  return segments;
};

/**
 * `fiducia audit replay <stream | --all>`: recomputes every recorded calculation with the current engine and rules and
 * reports each differing figure with the engine and rule-set versions involved. Exit 0 when everything is reproduced,
 * 1 when a figure differs, 2 when nothing could be replayed (no such stream, no store, wrong usage). Works on the running local service's store, or on `FIDUCIA_DYNAMODB_ENDPOINT` (see storeConnection).
 */
export const registerAuditReplay = (auditCommand: Command, io: AuditReplayIo = processIo): void => {
  auditCommand
    .command('replay')
    .description('recompute every recorded calculation with the current engine and report any figure that differs')
    .argument('[stream]', 'the stream to replay, e.g. portfolio-<id>')
    .option('--all', 'replay every stream of the event store (a parallel scan)')
    .option('--segments <n>', 'parallel scan segments for --all', segmentCount, 4)
    .option('--json', 'print the report as JSON')
    .action(async (stream: string | undefined, options: { all?: boolean; segments: number; json?: boolean }) => {
      let summary: AuditReplaySummary;
      try {
        if ((stream === undefined) === (options.all !== true)) throw new Error('audit replay needs either a stream or --all (not both)');
        const { client, tables, close } = await connectToStore(io.env);
        try {
          await recordOperatorRead({ client, tables }, operatorActor(), stream === undefined ? 'fiducia audit replay --all' : `fiducia audit replay ${stream}`);
          summary = await replayFromDynamo(client, tables, stream === undefined ? { all: true, segments: options.segments } : { stream });
        } finally {
          close();
        }
      } catch (error) {
        // Not the raw message of a parse error: it would quote stored client data on the operator's terminal.
        io.err(`fiducia audit replay: ${error instanceof SyntaxError ? errorReason(error) : error instanceof Error ? error.message : String(error)}\n`);
        io.setExitCode(auditReplayExit.notReplayed);
        return;
      }
      io.write(options.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatReplaySummary(summary));
      io.setExitCode(isReproduced(summary) ? auditReplayExit.reproduced : auditReplayExit.differs);
    });
};
