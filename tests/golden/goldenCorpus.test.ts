import { describe, expect, it } from 'vitest';
import { profileAsOfStreams, replayStream, summariseReplays } from '../../application/auditReplay.js';
import type { RecordedEvent, StreamId } from '../../application/ports/eventStore.js';
import { snapshotOf } from '../../application/streamSnapshot.js';
import { eventHash, genesisHash } from '../../adapters/integrity/eventHash.js';
import { portfolioEventSchema } from '../../domain/schemaEvolution/portfolioEventSchema.js';
import { profileEventSchema } from '../../domain/schemaEvolution/profileEventSchema.js';
import { aggregateOfStream, goldenFiles } from './goldenFile.js';

const corpus = goldenFiles();
const allEvents = corpus.flatMap((file) => file.events);

describe('golden event corpus', () => {
  it('is not empty and holds whole streams from version 1', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(3);
    for (const file of corpus) {
      expect(file.events.map((event) => event.version)).toEqual(file.events.map((_, index) => index + 1));
      expect(new Set(file.events.map((event) => event.streamId))).toEqual(new Set([file.streamId]));
    }
  });

  it('decodes every golden event through its aggregate', () => {
    for (const event of allEvents) {
      const decoded = aggregateOfStream(event.streamId).decode(event) as { type: string };
      expect(decoded.type).toBe(event.type);
    }
  });

  it('folds every golden stream to its stored expected state', () => {
    for (const file of corpus) {
      const state = snapshotOf(aggregateOfStream(file.streamId), file.streamId as StreamId, file.events).state;
      expect(JSON.parse(JSON.stringify(state)), file.label).toEqual(file.expectedState);
    }
  });

  it('holds the events exactly as committed: every hash and the chain between them verify', () => {
    for (const file of corpus) {
      let previous = genesisHash;
      for (const event of file.events) {
        const { hash, ...hashed } = event;
        expect(event.previousHash, `${file.label} v${event.version}`).toBe(previous);
        expect(eventHash(hashed), `${file.label} v${event.version}`).toBe(hash);
        previous = hash;
      }
    }
  });

  it('covers every event type at every schema version up to the current one', () => {
    const present = new Set(allEvents.map((event) => `${event.type} v${event.schemaVersion}`));
    const required = [portfolioEventSchema, profileEventSchema].flatMap((schema) =>
      schema.types.flatMap((type) => Array.from({ length: schema.currentSchemaVersion(type)! }, (_, index) => `${type} v${index + 1}`)),
    );
    expect(required.length).toBeGreaterThanOrEqual(11);
    expect(required.filter((key) => !present.has(key))).toEqual([]);
  });

  it('includes a proposal with best-interest findings of every rule and one without a profile', () => {
    const proposals = allEvents.filter((event) => event.type === 'PortfolioProposed').map((event) => event.data as any);
    const rules = new Set(proposals.flatMap((data) => (data.best_interest?.findings ?? []).map((finding: any) => finding.rule)));
    expect([...rules].sort()).toEqual(['concentration', 'deposit-insurance', 'horizon', 'liquidity']);
    expect(proposals.some((data) => data.profile_id === null && data.best_interest === null)).toBe(true);
  });

  it('replays every golden calculation with the current engine and rules without a difference', async () => {
    const streams = new Map<string, ReadonlyArray<RecordedEvent>>(corpus.map((file) => [file.streamId, file.events]));
    const replays = await Promise.all(corpus.map((file) => replayStream(file.events, profileAsOfStreams(streams))));
    const summary = summariseReplays(replays);
    expect(summary.flagged).toEqual([]);
    expect(summary).toMatchObject({ streams: corpus.length, events: allEvents.length, calculations: 6, differences: 0, unverified: 0, problems: 0 });
  });
});
