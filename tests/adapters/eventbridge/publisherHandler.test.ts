import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { profileCreatedCodec } from '../../../domain/profile/profileEvents.js';
import type { PublisherLogger } from '../../../adapters/eventbridge/eventBridgePublisher.js';
import { integrationEntry } from '../../../adapters/eventbridge/integrationEvent.js';
import { publisherHandler } from '../../../adapters/eventbridge/publisherHandler.js';
import type { PublisherHandlerConfig } from '../../../adapters/eventbridge/publisherHandler.js';
import { putEventsEntrySize, putEventsMaxBytes } from '../../../adapters/eventbridge/putEventsLimits.js';
import type { PartsReader } from '../../../adapters/dynamodb/eventItem.js';
import { portfolioProposed, portfolioStream, profileCreated, profileCreatedData, profileStream, samplePii } from './support/sampleEvents.js';
import { recordedEvent, sequenceNumber, streamEventOf, streamRecord } from './support/streamEvents.js';

const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => eventBridge.reset());

const noParts: PartsReader = async (eventId) => {
  throw new Error(`unexpected parts read for ${eventId}`);
};

const handlerWith = (overrides: Partial<PublisherHandlerConfig> = {}) =>
  publisherHandler({
    client: new EventBridgeClient({ region: 'eu-west-1' }),
    busName: 'fiducia-integration',
    source: 'fiducia',
    readParts: noParts,
    baseDelayMs: 0,
    sleep: async () => undefined,
    ...overrides,
  });

const ok = (entries: number): PutEventsResultEntry[] => Array.from({ length: entries }, (_, i) => ({ EventId: `eb-${i}` }));

/** Accepts every entry. */
const acceptAll = () =>
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({ FailedEntryCount: 0, Entries: ok(input.Entries.length) }));

const calls = (): PutEventsRequestEntry[][] => eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
const sent = (): PutEventsRequestEntry[] => calls().flat();
const detailOf = (entry: PutEventsRequestEntry | undefined) => JSON.parse(entry?.Detail ?? 'null');

const numbered = (count: number, data: (i: number) => unknown = (i) => ({ n: i })): RecordedEvent[] =>
  Array.from({ length: count }, (_, i) =>
    recordedEvent({ streamId: profileStream, version: i + 1, type: 'RiskAssessed', data: data(i), eventId: `evt-${i + 1}` }),
  );

describe('publisher handler: mapping stream records to integration events', () => {
  it('publishes one entry per domain event, in record order, with source by stream and detail-type by event type', async () => {
    acceptAll();
    const audit = recordedEvent({ streamId: 'audit-compliance-officer-2', version: 1, type: 'AuditRead', data: { stream_id: profileStream } });
    const events = [profileCreated(1), portfolioProposed(1), audit, recordedEvent({ streamId: profileStream, version: 2, type: 'SomethingNew', data: {} })];
    const response = await handlerWith()(streamEventOf(events));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sent().map((entry) => [entry.Source, entry.DetailType, entry.EventBusName])).toEqual([
      ['fiducia.profiles', 'ProfileCreated', 'fiducia-integration'],
      ['fiducia.portfolios', 'PortfolioProposed', 'fiducia-integration'],
      ['fiducia.audit', 'AuditRead', 'fiducia-integration'],
      ['fiducia.profiles', 'SomethingNew', 'fiducia-integration'],
    ]);
    expect(sent().map((entry) => detailOf(entry).metadata.event_id)).toEqual(events.map((event) => event.eventId));
  });

  it('carries the full data and the store metadata, including the PII a downstream account opening needs', async () => {
    acceptAll();
    const event = profileCreated();
    expect(isRight(profileCreatedCodec.decode({ type: event.type, data: event.data }))).toBe(true);
    await handlerWith()(streamEventOf([event]));
    const detail = detailOf(sent()[0]);
    expect(detail.data).toEqual(profileCreatedData);
    expect(detail.metadata).toMatchObject({ stream_id: profileStream, version: 1, hash: event.hash, schema_version: 1 });
    expect(sent()[0]?.Time).toEqual(new Date(event.recordedAt));
  });

  it('ignores MODIFY and REMOVE records, which are not domain events', async () => {
    acceptAll();
    const [a, b, c] = numbered(3);
    const response = await handlerWith()({
      Records: [streamRecord(a!, 1, { eventName: 'MODIFY' }), streamRecord(b!, 2), streamRecord(c!, 3, { eventName: 'REMOVE' })],
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(sent().map((entry) => detailOf(entry).metadata.event_id)).toEqual(['evt-2']);
  });

  it('makes no call at all for a batch without domain events', async () => {
    acceptAll();
    const response = await handlerWith()({ Records: [streamRecord(profileCreated(), 1, { eventName: 'REMOVE' })] });
    expect(response.batchItemFailures).toEqual([]);
    expect(calls()).toEqual([]);
  });

  it('reads payloads stored in the parts table through readParts', async () => {
    acceptAll();
    const event = portfolioProposed(3);
    const asked: string[] = [];
    const readParts: PartsReader = async (eventId) => {
      asked.push(eventId);
      return event.data;
    };
    await handlerWith({ readParts })(streamEventOf([event], { parts: 2 }));
    expect(asked).toEqual([event.eventId]);
    expect(detailOf(sent()[0]).data).toEqual(event.data);
  });

  it('reports a record whose payload cannot be read and still publishes the others', async () => {
    acceptAll();
    const [a, b, c] = numbered(3);
    const readParts: PartsReader = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const response = await handlerWith({ readParts })({
      Records: [streamRecord(a!, 1), streamRecord(b!, 2, { parts: 1 }), streamRecord(c!, 3)],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(2) }]);
    expect(sent().map((entry) => detailOf(entry).metadata.event_id)).toEqual(['evt-1', 'evt-3']);
  });

  it('fails the whole invocation when a record has no sequence number to report it by', async () => {
    acceptAll();
    const record = streamRecord(profileCreated(), 1);
    delete record.dynamodb!.SequenceNumber;
    await expect(handlerWith()({ Records: [record] })).rejects.toThrow(/sequence number/);
    expect(calls()).toEqual([]);
  });
});

describe('publisher handler: batching within PutEvents limits', () => {
  it('sends at most 10 entries per call, in order', async () => {
    acceptAll();
    const response = await handlerWith()(streamEventOf(numbered(25)));
    expect(response.batchItemFailures).toEqual([]);
    expect(calls().map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(sent().map((entry) => detailOf(entry).metadata.version)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('splits by total size before 256 KiB even when fewer than 10 entries', async () => {
    acceptAll();
    await handlerWith()(streamEventOf(numbered(4, () => ({ blob: 'x'.repeat(100_000) }))));
    expect(calls().map((batch) => batch.length)).toEqual([2, 2]);
  });

  it('never exceeds 10 entries or 256 KiB per call, and delivers every event exactly once in order (random sizes)', async () => {
    const payloadSize = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
      { weight: 3, arbitrary: fc.integer({ min: 20_000, max: 140_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 255_000, max: 300_000 }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(payloadSize, { minLength: 1, maxLength: 30 }), fc.constantFrom('x', 'é', '€'), async (sizes, unit) => {
        eventBridge.reset();
        acceptAll();
        const events = numbered(sizes.length, (i) => ({ blob: unit.repeat(Math.floor((sizes[i] ?? 0) / Buffer.byteLength(unit))) }));
        const response = await handlerWith()(streamEventOf(events));

        expect(response.batchItemFailures).toEqual([]);
        for (const batch of calls()) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(10);
          expect(batch.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0)).toBeLessThan(putEventsMaxBytes);
        }
        const details = sent().map(detailOf);
        expect(details.map((detail) => detail.metadata.event_id)).toEqual(events.map((event) => event.eventId));
        sent().forEach((entry, i) => {
          const detail = detailOf(entry);
          const whole = { ...entry, Detail: JSON.stringify({ metadata: detail.metadata, data: events[i]!.data }) };
          if (putEventsEntrySize(whole) >= putEventsMaxBytes) {
            expect(detail).toMatchObject({ data_omitted: true, claim_check: { detail_bytes: Buffer.byteLength(whole.Detail) } });
          } else expect(detail.data).toEqual(events[i]!.data);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('publisher handler: oversize events', () => {
  it('sends a claim check for a PortfolioProposed too large for an entry, instead of failing it', async () => {
    acceptAll();
    const big = portfolioProposed(2_000);
    expect(Buffer.byteLength(JSON.stringify(big.data))).toBeGreaterThan(putEventsMaxBytes);
    const small = profileCreated(1);
    const response = await handlerWith()(streamEventOf([small, big]));

    expect(response.batchItemFailures).toEqual([]);
    const [first, second] = sent();
    expect(detailOf(first).data).toEqual(small.data);
    expect(putEventsEntrySize(second!)).toBeLessThan(4_096);
    const detail = detailOf(second);
    expect(detail).not.toHaveProperty('data');
    expect(detail.data_omitted).toBe(true);
    expect(detail.claim_check).toEqual({
      stream_id: portfolioStream,
      version: 1,
      detail_bytes: Buffer.byteLength(JSON.stringify({ metadata: detail.metadata, data: big.data })),
    });
    expect(detail.metadata).toMatchObject({ event_id: big.eventId, hash: big.hash, type: 'PortfolioProposed', engine_version: '1.0.0' });
    expect(second?.DetailType).toBe('PortfolioProposed');
  });

  it('sends an event whose entry is just below the limit whole, and one just at the limit as a claim check', async () => {
    acceptAll();
    const limits = { maxEntries: 10, maxBytes: 2_000 };
    // Pads the data so that the whole entry comes to exactly `target` bytes.
    const sized = (version: number, target: number): RecordedEvent => {
      const withPad = (pad: string) =>
        recordedEvent({ streamId: profileStream, version, type: 'RiskAssessed', data: { pad }, eventId: `evt-${version}` });
      const unpadded = integrationEntry(withPad(''), { busName: 'fiducia-integration', source: 'fiducia', replay: false, maxEntryBytes: Infinity });
      return withPad('p'.repeat(target - putEventsEntrySize(unpadded.entry)));
    };
    await handlerWith({ limits })(streamEventOf([sized(1, 1_999), sized(2, 2_000)]));
    const [below, at] = sent();
    expect(putEventsEntrySize(below!)).toBe(1_999);
    expect(detailOf(below).data).toHaveProperty('pad');
    expect(detailOf(at).data_omitted).toBe(true);
    expect(calls().map((batch) => batch.length)).toEqual([1, 1]);
  });
});

describe('publisher handler: failures and retries', () => {
  it('retries only the entries that failed, and reports the records still failing after the last attempt', async () => {
    const events = numbered(5);
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }, { EventId: 'c' }, { EventId: 'd' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }],
      })
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'b' }, { ErrorCode: 'InternalFailure' }] })
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const response = await handlerWith({ maxAttempts: 3 })(streamEventOf(events));

    expect(calls().map((batch) => batch.map((entry) => detailOf(entry).metadata.event_id))).toEqual([
      ['evt-1', 'evt-2', 'evt-3', 'evt-4', 'evt-5'],
      ['evt-2', 'evt-5'],
      ['evt-5'],
    ]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(5) }]);
  });

  it('resends exactly the same entry on a retry', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] })
      .resolves({ FailedEntryCount: 0, Entries: ok(1) });
    const response = await handlerWith()(streamEventOf([profileCreated()]));
    expect(response.batchItemFailures).toEqual([]);
    const [first, second] = calls();
    expect(second).toEqual(first);
  });

  it('does not retry entries refused for good (MalformedDetail, AccessDenied) and reports them at once', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 2, Entries: [{ ErrorCode: 'MalformedDetail' }, { EventId: 'b' }, { ErrorCode: 'AccessDeniedException' }] })
      .resolves({ FailedEntryCount: 0, Entries: ok(10) });
    const response = await handlerWith()(streamEventOf(numbered(3)));
    expect(calls()).toHaveLength(1);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(1) }, { itemIdentifier: sequenceNumber(3) }]);
  });

  it('treats a failure count without result entries as a failure of the whole call', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 2 });
    const response = await handlerWith({ maxAttempts: 2 })(streamEventOf(numbered(2)));
    expect(calls()).toHaveLength(2);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([sequenceNumber(1), sequenceNumber(2)]);
  });

  it('retries a call refused as a whole and reports every record of that call when it keeps failing', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: ok(10) })
      .rejects(throttled);
    const response = await handlerWith({ maxAttempts: 4 })(streamEventOf(numbered(13)));

    expect(calls().map((batch) => batch.length)).toEqual([10, 3, 3, 3, 3]);
    expect(response.batchItemFailures).toEqual([11, 12, 13].map((n) => ({ itemIdentifier: sequenceNumber(n) })));
  });

  it('reports nothing when a call refused as a whole succeeds on retry', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'InternalException' }))
      .resolves({ FailedEntryCount: 0, Entries: ok(10) });
    const response = await handlerWith()(streamEventOf(numbered(4)));
    expect(calls()).toHaveLength(2);
    expect(response.batchItemFailures).toEqual([]);
  });

  it('keeps publishing later batches after one fails, reporting only the failed records', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(new Error('down'))
      .rejectsOnce(new Error('down'))
      .resolves({ FailedEntryCount: 0, Entries: ok(10) });
    const response = await handlerWith({ maxAttempts: 2 })(streamEventOf(numbered(15)));
    expect(calls().map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(response.batchItemFailures).toEqual(Array.from({ length: 10 }, (_, i) => ({ itemIdentifier: sequenceNumber(i + 1) })));
  });

  it('waits with exponential backoff between attempts', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const waits: number[] = [];
    const response = await handlerWith({
      maxAttempts: 4,
      baseDelayMs: 25,
      sleep: async (ms) => {
        waits.push(ms);
      },
    })(streamEventOf(numbered(1)));
    expect(waits).toEqual([25, 50, 100]);
    expect(calls()).toHaveLength(4);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(1) }]);
  });
});

describe('publisher handler: replays', () => {
  it('marks every event of a replay run with metadata.replay = true, keeping source and detail-type', async () => {
    acceptAll();
    await handlerWith({ replay: true })(streamEventOf([profileCreated(), portfolioProposed()]));
    expect(sent().map((entry) => [entry.Source, entry.DetailType, detailOf(entry).metadata.replay])).toEqual([
      ['fiducia.profiles', 'ProfileCreated', true],
      ['fiducia.portfolios', 'PortfolioProposed', true],
    ]);
  });

  it('sends live events without any replay field, so a rule can match on its absence', async () => {
    acceptAll();
    await handlerWith()(streamEventOf([profileCreated()]));
    expect(detailOf(sent()[0]).metadata).not.toHaveProperty('replay');
  });

  it('marks claim checks of a replay too', async () => {
    acceptAll();
    await handlerWith({ replay: true })(streamEventOf([portfolioProposed(2_000)]));
    expect(detailOf(sent()[0])).toMatchObject({ data_omitted: true, metadata: { replay: true } });
  });
});

describe('publisher handler: logging', () => {
  const capture = (): { logger: PublisherLogger; lines: () => string } => {
    const entries: unknown[] = [];
    return {
      logger: { info: (message, attributes) => entries.push([message, attributes]), warn: (message, attributes) => entries.push([message, attributes]) },
      lines: () => JSON.stringify(entries),
    };
  };

  it('logs failures and claim checks by id and error code, never the payload or client PII', async () => {
    const { logger, lines } = capture();
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 2, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: `bad ${samplePii.email}` }, { ErrorCode: 'InternalFailure' }] });
    const broken = recordedEvent({ streamId: profileStream, version: 9, type: 'RiskAssessed', data: {}, eventId: 'evt-broken' });
    const record = streamRecord(broken, 3);
    // V8 quotes the text around a JSON syntax error in its message, so the message must not be logged either.
    record.dynamodb!.NewImage!.data = { S: `{"client": ${samplePii.name}}` };
    const response = await handlerWith({ logger })({
      Records: [streamRecord(profileCreated(), 1), streamRecord(portfolioProposed(2_000), 2), record],
    });

    expect(response.batchItemFailures).toHaveLength(3);
    const logged = lines();
    expect(logged).toContain('integration event not delivered');
    expect(logged).toContain('integration event too large, sending a claim check');
    expect(logged).toContain('stream record could not be read');
    expect(logged).toContain('InternalFailure');
    expect(logged).toContain(profileCreated().eventId);
    // V8's excerpt of the broken text is short: look for the start of the name, not all of it.
    for (const secret of [samplePii.name.slice(0, 9), samplePii.email, samplePii.date_of_birth, 'Acme Corp 401(k)', 'VISION-BANK']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('accepts a Powertools Logger', async () => {
    acceptAll();
    const logger = new Logger({ serviceName: 'publisher', logLevel: 'SILENT' });
    const response = await handlerWith({ logger })(streamEventOf([portfolioProposed(2_000)]));
    expect(response.batchItemFailures).toEqual([]);
  });
});
