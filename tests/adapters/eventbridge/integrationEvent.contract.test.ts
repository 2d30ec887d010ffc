import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { publisherHandler } from '../../../adapters/eventbridge/publisherHandler.js';
import { portfolioProposed, portfolioStream, profileCreated, profileStream } from './support/sampleEvents.js';
import { recordedEvent, streamEventOf } from './support/streamEvents.js';
import { goldenFiles } from '../../golden/goldenFile.js';

/*
 * The contract with consumers of integration events (docs/integration-events.md). The fixture pins the exact entries
 * for a ProfileCreated, a PortfolioProposed and a PortfolioProposed sent as a claim check: a change in the entry format
 * fails here, and then the fixture, the document and the consumers must change together.
 */

const fixture = JSON.parse(readFileSync(new URL('./fixtures/integrationEntries.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: `eb-${i}` })),
  }));
});

/** Publishes the events as the Lambda would and returns the entries sent, in the fixture's JSON form. */
const publishedEntries = async (events: ReadonlyArray<RecordedEvent>, replay = false): Promise<unknown[]> => {
  const handler = publisherHandler({
    client: new EventBridgeClient({ region: 'eu-west-1' }),
    busName: 'fiducia-integration',
    source: 'fiducia',
    replay,
    readParts: async () => undefined,
    sleep: async () => undefined,
  });
  expect(await handler(streamEventOf(events))).toEqual({ batchItemFailures: [] });
  return eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry: PutEventsRequestEntry) => ({ ...entry, Time: entry.Time?.toISOString(), Detail: JSON.parse(entry.Detail ?? 'null') }));
};

const metadataFields = {
  required: ['event_id', 'stream_id', 'version', 'type', 'schema_version', 'recorded_at', 'correlation_id', 'causation_id', 'hash'],
  optional: ['engine_version', 'rule_set_version', 'replay'],
};

/** The documented shape of every entry, whatever the event type. */
const expectDocumentedShape = (entry: Record<string, unknown>): void => {
  expect(Object.keys(entry).sort()).toEqual(['Detail', 'DetailType', 'EventBusName', 'Source', 'Time']);
  expect(entry.Source).toMatch(/^fiducia\.(profiles|portfolios|audit)$/);
  expect(entry.Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const detail = entry.Detail as Record<string, unknown>;
  const metadata = detail.metadata as Record<string, unknown>;
  expect(metadata.type).toBe(entry.DetailType);
  for (const field of metadataFields.required) expect(metadata).toHaveProperty(field);
  for (const field of Object.keys(metadata)) expect([...metadataFields.required, ...metadataFields.optional]).toContain(field);
  expect(typeof metadata.version).toBe('number');
  expect(metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  if ('data_omitted' in detail) {
    expect(Object.keys(detail).sort()).toEqual(['claim_check', 'data_omitted', 'metadata']);
    expect(Object.keys(detail.claim_check as object).sort()).toEqual(['detail_bytes', 'stream_id', 'version']);
  } else {
    expect(Object.keys(detail).sort()).toEqual(['data', 'metadata']);
  }
};

describe('integration event contract', () => {
  it('sends exactly the pinned entry for a ProfileCreated', async () => {
    expect(await publishedEntries([profileCreated()])).toStrictEqual([fixture.ProfileCreated]);
  });

  it('sends exactly the pinned entry for a PortfolioProposed', async () => {
    expect(await publishedEntries([portfolioProposed(1)])).toStrictEqual([fixture.PortfolioProposed]);
  });

  it('sends exactly the pinned claim-check entry for a PortfolioProposed too large to travel whole', async () => {
    expect(await publishedEntries([portfolioProposed(2_000)])).toStrictEqual([fixture['PortfolioProposed claim check']]);
  });

  it('pins the replay marker as the only difference of a replayed entry', async () => {
    const [replayed] = (await publishedEntries([profileCreated()], true)) as Array<{ Detail: { metadata: object } }>;
    const live = fixture.ProfileCreated as { Detail: { metadata: object } };
    expect(replayed).toStrictEqual({ ...live, Detail: { ...live.Detail, metadata: { ...live.Detail.metadata, replay: true } } });
  });

  it('gives every documented event type the documented shape, with the event type as detail-type', async () => {
    const at = '2026-03-14T09:26:53.589Z';
    const profileTypes = ['RiskAssessed', 'ObjectivesSet', 'TargetAllocationSet', 'ProposalLinked', 'ApplicationSubmitted', 'AccountOpened', 'ComplianceReviewRecorded'];
    const events = [
      profileCreated(1),
      ...profileTypes.map((type, i) => recordedEvent({ streamId: profileStream, version: i + 2, type, data: { at } })),
      portfolioProposed(1, 1),
      ...['PortfolioRevised', 'PortfolioWithdrawn'].map((type, i) => recordedEvent({ streamId: portfolioStream, version: i + 2, type, data: { at } })),
      recordedEvent({ streamId: 'audit-compliance-officer-2', version: 1, type: 'AuditRead', data: { stream_id: profileStream, at } }),
      portfolioProposed(2_000, 4),
    ];
    const entries = (await publishedEntries(events)) as Array<Record<string, unknown>>;
    expect(entries.map((entry) => [entry.Source, entry.DetailType])).toEqual([
      ['fiducia.profiles', 'ProfileCreated'],
      ...profileTypes.map((type) => ['fiducia.profiles', type]),
      ['fiducia.portfolios', 'PortfolioProposed'],
      ['fiducia.portfolios', 'PortfolioRevised'],
      ['fiducia.portfolios', 'PortfolioWithdrawn'],
      ['fiducia.audit', 'AuditRead'],
      ['fiducia.portfolios', 'PortfolioProposed'],
    ]);
    entries.forEach(expectDocumentedShape);
  });

  it("carries each proposal's data with the documented fields of its schema version, as the real use cases record them", async () => {
    // Golden events are real stored events; the fields are those docs/integration-events.md lists per version.
    const documented: Record<string, Record<number, ReadonlyArray<string>>> = {
      PortfolioProposed: {
        1: ['advisor_id', 'best_interest', 'portfolio_id', 'profile_id', 'proposal', 'request'],
        2: ['advisor_id', 'best_interest', 'portfolio_id', 'profile_id', 'profile_version', 'proposal', 'request'],
      },
      PortfolioRevised: {
        1: ['best_interest', 'portfolio_id', 'proposal', 'request', 'revision'],
        2: ['best_interest', 'portfolio_id', 'profile_version', 'proposal', 'request', 'revision'],
      },
    };
    const seen = new Set<string>();
    for (const file of goldenFiles()) {
      eventBridge.resetHistory();
      const entries = (await publishedEntries(file.events)) as Array<{ Detail: { metadata: { type: string; schema_version: number }; data: Record<string, unknown> } }>;
      for (const { Detail: detail } of entries) {
        const fields = documented[detail.metadata.type]?.[detail.metadata.schema_version];
        if (fields === undefined) continue;
        seen.add(`${detail.metadata.type} v${detail.metadata.schema_version}`);
        // profile_version is there exactly when the proposal was for a profile.
        const linked = file.label.includes('for-profile');
        expect(Object.keys(detail.data).sort(), `${file.label} ${detail.metadata.type}`).toEqual(fields.filter((field) => field !== 'profile_version' || linked));
      }
    }
    expect([...seen].sort()).toEqual(['PortfolioProposed v1', 'PortfolioProposed v2', 'PortfolioRevised v1', 'PortfolioRevised v2']);
  });
});
