import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import type { StreamVerification } from '../../domain/audit/streamVerification.js';
import { operatorActor, OperatorReadRefused, recordOperatorRead } from './operatorRead.js';
import { connectToStore, type StoreConnection } from './storeConnection.js';
import type { TableNames } from '../dynamodb/tables.js';
import { storedStreamVerifier, verifyAllStoredStreams } from '../integrity/storedStreamVerification.js';

/** Exit statuses of `fiducia audit verify`. */
export const auditVerifyExit = {
  /** Every stream verified. */
  intact: 0,
  /** At least one stream is altered, has a gap, a broken chain or a moved event. */
  tampered: 1,
  /** Nothing was verified: wrong usage, no such stream, or the event store cannot be reached. */
  unusable: 2,
} as const;

/** Where the CLI finds the event store: the DynamoDB endpoint the running service uses. */
export const dynamoEndpointVariable = 'FIDUCIA_DYNAMODB_ENDPOINT';

export interface AuditVerifyRequest {
  readonly stream?: string;
  readonly all: boolean;
  readonly json: boolean;
  /** Parallel scan segments for `all`. */
  readonly segments: number;
}

export interface AuditVerifyIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Who runs the command, recorded as the reader; the OS user by default. */
  readonly actor?: string;
}

const endpointHelp = `is the service (\`npm start\`) running, or ${dynamoEndpointVariable} set to the event store's endpoint?`;

const verdictLine = (verdict: StreamVerification): string =>
  verdict.ok
    ? `OK   ${verdict.streamId}  ${verdict.events} event${verdict.events === 1 ? '' : 's'}, versions 1..${verdict.lastVersion}, head ${verdict.headHash}`
    : `BAD  ${verdict.streamId}  version ${verdict.version}: ${verdict.problem}: ${verdict.detail}`;

const describeFailure = (error: unknown, endpoint: string, tables: TableNames): string => {
  if (error instanceof ResourceNotFoundException) return `no table ${tables.events} at ${endpoint}: check FIDUCIA_TABLE_PREFIX, or start the service once to create it`;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot read the event store at ${endpoint} (${message}): ${endpointHelp}`;
};

/**
 * Verifies one stream, or every stream, of the event store and reports on `io.out`; resolves with the exit status.
 * The verification is recorded as an audit read of the operator first, and not run if that fails.
 */
export const runAuditVerify = async (request: AuditVerifyRequest, io: AuditVerifyIo): Promise<number> => {
  if (request.all === (request.stream !== undefined)) {
    io.err('fiducia audit verify: name one stream, or give --all\n');
    return auditVerifyExit.unusable;
  }
  let store: StoreConnection;
  try {
    store = await connectToStore(io.env);
  } catch (error) {
    io.err(`fiducia audit verify: ${error instanceof Error ? error.message : String(error)}\n`);
    return auditVerifyExit.unusable;
  }
  const { client, tables, endpoint } = store;
  try {
    await recordOperatorRead(store, operatorActor(io.actor), request.all ? 'fiducia audit verify --all' : `fiducia audit verify ${request.stream}`);
    if (request.stream !== undefined) {
      const verdict = await storedStreamVerifier(client, tables)(request.stream);
      if (verdict === undefined) {
        io.err(`fiducia audit verify: no stream ${request.stream} in ${tables.events}\n`);
        return auditVerifyExit.unusable;
      }
      io.out(request.json ? `${JSON.stringify(verdict, null, 2)}\n` : `${verdictLine(verdict)}\n`);
      return verdict.ok ? auditVerifyExit.intact : auditVerifyExit.tampered;
    }
    const { streams, events } = await verifyAllStoredStreams(client, tables, { segments: request.segments });
    const bad = streams.filter((verdict) => !verdict.ok);
    if (request.json) {
      io.out(`${JSON.stringify({ ok: bad.length === 0, streams: streams.length, events, bad }, null, 2)}\n`);
    } else {
      for (const verdict of bad) io.out(`${verdictLine(verdict)}\n`);
      io.out(`Verified ${streams.length} stream${streams.length === 1 ? '' : 's'} (${events} event${events === 1 ? '' : 's'}): ${bad.length === 0 ? 'all intact' : `${bad.length} bad`}.\n`);
    }
    return bad.length === 0 ? auditVerifyExit.intact : auditVerifyExit.tampered;
  } catch (error) {
    io.err(`fiducia audit verify: ${error instanceof OperatorReadRefused ? error.message : describeFailure(error, endpoint, tables)}\n`);
    return auditVerifyExit.unusable;
  } finally {
    client.destroy();
  }
};

const segmentsOf = (value: string): number => {
  const segments = Number(value);
  if (!Number.isInteger(segments) || segments < 1 || segments > 64) throw new Error('--segments must be an integer from 1 to 64');
  return segments;
};

/** `fiducia audit verify [stream] [--all]`: checks stored hash chains; exit 0 intact, 1 tampered, 2 not verified. */
export const registerAuditVerify = (auditCommand: Command): void => {
  auditCommand
    .command('verify')
    .description(
      `verify the stored hash chain of one stream, or of every stream with --all; names each bad stream's first bad version ` +
        `(exit 0 intact, 1 tampered, 2 not verified); works on the running service's store or ${dynamoEndpointVariable}.`,
    )
    .argument('[stream]', 'a stream id, e.g. profile-<uuid>, portfolio-<uuid> or audit-<reader>')
    .option('--all', 'verify every stream (parallel scan of the events table)', false)
    .option('--segments <n>', 'parallel scan segments for --all', segmentsOf, 4)
    .option('--json', 'print the verdicts as JSON', false)
    .action(async (stream: string | undefined, options: { all: boolean; segments: number; json: boolean }) => {
      process.exitCode = await runAuditVerify(
        { ...(stream === undefined ? {} : { stream }), all: options.all, json: options.json, segments: options.segments },
        { env: process.env, out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
      );
    });
};
