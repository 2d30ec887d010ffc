import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AggregateType } from '../../application/aggregateType.js';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { portfolioAggregate } from '../../application/portfolioAggregate.js';
import { profileAggregate } from '../../application/profileAggregate.js';

/** One golden file: a stream's events exactly as the store recorded them, and the state they must fold to. */
export interface GoldenFile {
  readonly label: string;
  readonly description: string;
  readonly streamId: string;
  readonly events: ReadonlyArray<RecordedEvent>;
  readonly expectedState: unknown;
}

/** The file a stream's golden events live in. */
export const goldenFileName = (label: string): string => `${label}.json`;

/** The aggregate a stream belongs to, by its prefix. */
export const aggregateOfStream = (streamId: string): AggregateType<unknown, unknown, unknown> => {
  for (const type of [profileAggregate, portfolioAggregate] as ReadonlyArray<AggregateType<unknown, unknown, unknown>>) {
    if (streamId.startsWith(`${type.streamPrefix}-`)) return type;
  }
  throw new Error(`golden stream ${streamId} belongs to no known aggregate`);
};

const folder = fileURLToPath(new URL('./streams/', import.meta.url));

/** Every golden file of the corpus, by file name order. */
export const goldenFiles = (): ReadonlyArray<GoldenFile> =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(`${folder}${name}`, 'utf8')) as GoldenFile);
