import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { readLineage } from './lineageConsumer.js';
import { readLineageFile } from './lineageFile.js';
import { verifyLineage, type StreamVerdict } from './lineageVerification.js';

/** Where to read an exported lineage back from. */
export type LineageOrigin =
  | { readonly kind: 'kinesis'; readonly client: KinesisClient; readonly streamName: string }
  | { readonly kind: 'file'; readonly path: string };

/** The consumer-side verdict on a whole export. */
export interface LineageCheck {
  /** Every stream verifies and nothing unreadable was found. */
  readonly ok: boolean;
  readonly streams: ReadonlyArray<StreamVerdict>;
  readonly records: number;
  readonly duplicatesDropped: number;
  /** Entries that are not lineage records at all, with where they were found. */
  readonly unreadable: ReadonlyArray<{ readonly where: string; readonly error: string }>;
}

/**
 * Reads an export back as a consumer would and verifies every stream's chain end to end.
 * `expectGenesis: false` for a windowed export whose streams may start mid-way.
 */
export const checkLineage = async (origin: LineageOrigin, options: { readonly expectGenesis?: boolean } = {}): Promise<LineageCheck> => {
  const expectGenesis = options.expectGenesis ?? true;
  if (origin.kind === 'file') {
    const { records, invalid } = await readLineageFile(origin.path);
    const streams = verifyLineage(records, { expectGenesis });
    const unreadable = invalid.map((line) => ({ where: `${origin.path}:${line.line}`, error: line.error }));
    return { ok: unreadable.length === 0 && streams.every((s) => s.ok), streams, records: records.length, duplicatesDropped: 0, unreadable };
  }
  const read = await readLineage(origin.client, origin.streamName);
  const streams = verifyLineage(read.records, { expectGenesis, incomplete: read.incomplete });
  const unreadable = read.invalid.map((r) => ({ where: `${r.shardId}/${r.sequenceNumber} (${r.partitionKey})`, error: r.error }));
  return { ok: unreadable.length === 0 && streams.every((s) => s.ok), streams, records: read.records.length, duplicatesDropped: read.duplicatesDropped, unreadable };
};
