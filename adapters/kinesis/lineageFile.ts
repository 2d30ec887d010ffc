import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { decodeLineageRecord, lineageRecordJson, toLineageRecord, type LineageRecord } from './lineageRecord.js';
import { createStreamOrderGuard } from './streamOrderGuard.js';

/** What a file export wrote. */
export interface FileExportSummary {
  readonly events: number;
  readonly streams: number;
  readonly bytes: number;
}

/**
 * Writes events as NDJSON, one canonical lineage record per line, in the source's order (which must be ascending
 * per stream). The file appears under `path` only once complete: a crashed export never looks like a finished one.
 */
export const writeLineageFile = async (
  path: string,
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  onProgress?: (written: number) => void,
): Promise<FileExportSummary> => {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8', mode: 0o600 });
  const guard = createStreamOrderGuard();
  const streams = new Set<string>();
  let count = 0;
  let bytes = 0;
  try {
    for await (const event of events) {
      guard(event);
      streams.add(event.streamId);
      const line = `${lineageRecordJson(toLineageRecord(event))}\n`;
      bytes += Buffer.byteLength(line, 'utf8');
      if (!out.write(line)) await once(out, 'drain');
      count++;
      onProgress?.(count);
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    // The file may still be opening: once the stream has closed it, it can no longer appear after the removal.
    out.destroy();
    if (!out.closed) await once(out, 'close');
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, path);
  return { events: count, streams: streams.size, bytes };
};

/** A line of a lineage file that is not a lineage record. */
export interface InvalidLine {
  readonly line: number;
  readonly error: string;
}

/** Reads a lineage NDJSON file back, in file order. */
export const readLineageFile = async (path: string): Promise<{ readonly records: ReadonlyArray<LineageRecord>; readonly invalid: ReadonlyArray<InvalidLine> }> => {
  const records: LineageRecord[] = [];
  const invalid: InvalidLine[] = [];
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    line++;
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      invalid.push({ line, error: 'not JSON' });
      continue;
    }
    const decoded = decodeLineageRecord(value);
    if ('record' in decoded) records.push(decoded.record);
    else invalid.push({ line, error: decoded.error });
  }
  return { records, invalid };
};
