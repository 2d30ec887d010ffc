import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import { LineagePublishError } from '../../../adapters/kinesis/lineageFeed.js';
import { PublicationUnavailable, reportingUnavailability, streamBatchPublisher } from '../../../adapters/streams/streamBatchPublisher.js';
import { samplePii } from '../eventbridge/support/sampleEvents.js';
import { recordedEvent, sequenceNumber, streamRecord } from '../eventbridge/support/streamEvents.js';

const streamIds = ['profile-11111111-1111-4111-8111-111111111111', 'portfolio-22222222-2222-4222-8222-222222222222', 'profile-33333333-3333-4333-8333-333333333333', 'audit-compliance-4'];

/** Version `version` of stream `s`, with client data in it (it must never reach a log line). */
const eventOf = (s: number, version: number): RecordedEvent =>
  recordedEvent({ streamId: streamIds[s]!, version, type: 'ProfileChanged', data: { client: samplePii, version }, eventId: `evt-${s}-${version}` });

interface Scenario {
  /** The batch, in shard order; `parts` marks an event stored in the parts table. */
  readonly records: ReadonlyArray<{ readonly event: RecordedEvent; readonly parts?: boolean; readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' }>;
  /** Event ids whose parts cannot be read. */
  readonly unreadable?: ReadonlySet<string>;
  /** Event ids EventBridge does not take. */
  readonly notOnBus?: ReadonlySet<string>;
  readonly kinesisFails?: boolean;
  /** The PutEvents call itself fails (EventBridge unreachable). */
  readonly busFails?: boolean;
}

/** Runs the publisher on a scenario with recording stand-ins for EventBridge, Kinesis and the parts table. */
const run = async (scenario: Scenario) => {
  const bus: RecordedEvent[][] = [];
  const feed: RecordedEvent[][] = [];
  const logged: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const publish = streamBatchPublisher({
    integration: {
      publish: async (events) => {
        bus.push([...events]);
        if (scenario.busFails === true) throw Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' });
        return events.filter((event) => scenario.notOnBus?.has(event.eventId)).map((event) => ({ event, errorCode: 'InternalFailure' }));
      },
    },
    lineage: async (events) => {
      feed.push([...events]);
      if (scenario.kinesisFails === true) throw new LineagePublishError('a lineage record of profile-1 failed 10 times: ProvisionedThroughputExceededException: ');
    },
    readParts: async (eventId) => {
      if (scenario.unreadable?.has(eventId)) throw new SyntaxError(`Unexpected token in JSON at position 3: {"client":${JSON.stringify(samplePii)}`);
      const record = scenario.records.find(({ event }) => event.eventId === eventId);
      return record?.event.data;
    },
    logger: {
      warn: (message, attributes) => logged.push({ level: 'warn', message, attributes }),
      error: (message, attributes) => logged.push({ level: 'error', message, attributes }),
    },
  });
  const event: DynamoDBStreamEvent = {
    Records: scenario.records.map(({ event, parts, eventName }, index) => streamRecord(event, index + 1, { ...(parts === true ? { parts: 1 } : {}), ...(eventName === undefined ? {} : { eventName }) })),
  };
  // A batch that fails as a whole throws: `reported` is then 'everything', with no record to blame.
  const outcome = await publish(event).then(
    (response) => ({ response, reported: response.batchItemFailures.map((failure): string => failure.itemIdentifier) as string[] | 'everything', thrown: undefined }),
    (thrown: unknown) => ({ response: undefined, reported: 'everything' as const, thrown }),
  );
  return { ...outcome, bus, feed, logged };
};

const ids = (events: ReadonlyArray<RecordedEvent>) => events.map((event) => event.eventId);

describe('stream batch publisher: EventBridge and Kinesis from one DynamoDB Streams batch', () => {
  it('publishes every domain event to both sides, each stream in version order, and reports nothing', async () => {
    const records = [eventOf(0, 1), eventOf(1, 1), eventOf(0, 2), eventOf(1, 2), eventOf(0, 3)].map((event) => ({ event }));
    const { response, bus, feed } = await run({ records });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(bus).toHaveLength(1);
    expect(feed).toHaveLength(1);
    expect(ids(bus[0]!)).toEqual(ids(feed[0]!));
    expect(ids(feed[0]!).sort()).toEqual(['evt-0-1', 'evt-0-2', 'evt-0-3', 'evt-1-1', 'evt-1-2']);
    for (const s of [0, 1]) {
      const versions = feed[0]!.filter((event) => event.streamId === streamIds[s]).map((event) => event.version);
      expect(versions).toEqual(s === 0 ? [1, 2, 3] : [1, 2]);
    }
    // The payloads travel (consumers need them); the records given out are the decoded stored events.
    expect(feed[0]![0]).toEqual(eventOf(0, 1));
  });

  it('reports a record that EventBridge did not take even though Kinesis stored it', async () => {
    const records = [eventOf(0, 1), eventOf(1, 1), eventOf(0, 2)].map((event) => ({ event }));
    const { reported, feed } = await run({ records, notOnBus: new Set(['evt-1-1']) });
    expect(reported).toEqual([sequenceNumber(2)]);
    expect(ids(feed[0]!)).toContain('evt-1-1');
  });

  it('fails the whole batch, blaming no record, when the lineage publication fails, and still sends it all to EventBridge', async () => {
    const records = [eventOf(0, 1), eventOf(1, 1), eventOf(0, 2)].map((event) => ({ event }));
    const { reported, thrown, bus, logged } = await run({ records, kinesisFails: true });
    expect(reported).toBe('everything');
    expect(thrown).toBeInstanceOf(PublicationUnavailable);
    expect(ids(bus.flat()).sort()).toEqual(['evt-0-1', 'evt-0-2', 'evt-1-1']);
    expect(logged).toContainEqual({
      level: 'error',
      message: 'lineage records not published',
      attributes: expect.objectContaining({ events: 3, error_code: 'LineagePublishError', error_message: expect.stringContaining('ProvisionedThroughputExceededException') }),
    });
  });

  it('reports every record instead, for Lambda, where a throw would count as a failed invocation', async () => {
    const records = [eventOf(0, 1), eventOf(1, 1)].map((event, index) => streamRecord(event, index + 1));
    const unavailable = reportingUnavailability(async () => {
      throw new PublicationUnavailable(['Kinesis']);
    });
    expect(await unavailable({ Records: records })).toEqual({ batchItemFailures: [sequenceNumber(1), sequenceNumber(2)].map((itemIdentifier) => ({ itemIdentifier })) });
    const broken = reportingUnavailability(async () => {
      throw new TypeError('a bug');
    });
    await expect(broken({ Records: records })).rejects.toThrow(TypeError);
  });

  it('fails the whole batch, blaming no record, when the call to EventBridge itself fails, and still feeds Kinesis', async () => {
    const records = [eventOf(0, 1), eventOf(1, 1)].map((event) => ({ event }));
    const { thrown, feed, logged } = await run({ records, busFails: true });
    expect(thrown).toBeInstanceOf(PublicationUnavailable);
    expect(ids(feed.flat()).sort()).toEqual(['evt-0-1', 'evt-1-1']);
    expect(logged).toContainEqual({ level: 'error', message: 'integration events not published', attributes: { events: 2, error_code: 'TimeoutError' } });
  });

  it('stops a stream at its first unreadable event: later versions are held back from both sides and reported, other streams go on', async () => {
    const records = [
      { event: eventOf(0, 1) },
      { event: eventOf(0, 2), parts: true },
      { event: eventOf(1, 1) },
      { event: eventOf(0, 3) },
      { event: eventOf(1, 2) },
    ];
    const { reported, bus, feed } = await run({ records, unreadable: new Set(['evt-0-2']) });
    expect(reported).toEqual([sequenceNumber(2), sequenceNumber(4)]);
    expect(ids(feed[0]!).sort()).toEqual(['evt-0-1', 'evt-1-1', 'evt-1-2']);
    expect(ids(bus[0]!).sort()).toEqual(['evt-0-1', 'evt-1-1', 'evt-1-2']);
  });

  it('reports the union of both sides, lowest sequence number first, so Lambda resumes at the earliest failure', async () => {
    const records = [
      { event: eventOf(0, 1) },
      { event: eventOf(1, 1) },
      { event: eventOf(2, 1), parts: true },
      { event: eventOf(0, 2) },
      { event: eventOf(1, 2) },
    ];
    const { reported } = await run({ records, unreadable: new Set(['evt-2-1']), notOnBus: new Set(['evt-1-2', 'evt-0-1']) });
    expect(reported).toEqual([1, 3, 5].map(sequenceNumber));
  });

  it('publishes a record the batch repeats once, and reports every delivery of it when it fails', async () => {
    const records = [{ event: eventOf(0, 1) }, { event: eventOf(0, 2) }, { event: eventOf(1, 1) }, { event: eventOf(0, 2) }];
    const ok = await run({ records });
    expect(ids(ok.feed[0]!).sort()).toEqual(['evt-0-1', 'evt-0-2', 'evt-1-1']);
    expect(ok.reported).toEqual([]);
    const failing = await run({ records, notOnBus: new Set(['evt-0-2']) });
    expect(failing.reported).toEqual([sequenceNumber(2), sequenceNumber(4)]);
  });

  it('ignores records that are not appended events, and never reports them', async () => {
    const records = [{ event: eventOf(0, 1), eventName: 'MODIFY' as const }, { event: eventOf(0, 1) }, { event: eventOf(1, 1), eventName: 'REMOVE' as const }];
    const { reported, feed, bus } = await run({ records, notOnBus: new Set(['evt-0-1']) });
    expect(reported).toEqual([sequenceNumber(2)]);
    expect(ids(feed[0]!)).toEqual(['evt-0-1']);
    expect(ids(bus[0]!)).toEqual(['evt-0-1']);
    const quiet = await run({ records: [{ event: eventOf(0, 1), eventName: 'MODIFY' }] });
    expect(quiet).toMatchObject({ reported: [], feed: [], bus: [] });
  });

  it('fails the whole batch when an appended event has no sequence number, since it could not be reported alone', async () => {
    const record: DynamoDBRecord = streamRecord(eventOf(0, 1), 1);
    delete record.dynamodb!.SequenceNumber;
    const publish = streamBatchPublisher({
      integration: { publish: async () => [] },
      lineage: async () => undefined,
      readParts: async () => undefined,
    });
    await expect(publish({ Records: [record] })).rejects.toThrow(/has no sequence number/);
  });

  it('logs ids, versions, sequence numbers and error codes, never event data or error messages that quote it', async () => {
    const records = [{ event: eventOf(0, 1), parts: true }, { event: eventOf(0, 2) }];
    const { logged } = await run({ records, unreadable: new Set(['evt-0-1']) });
    expect(logged).toEqual([
      {
        level: 'warn',
        message: 'stream record could not be read',
        attributes: {
          sequence_number: sequenceNumber(1),
          stream_id: streamIds[0],
          version: 1,
          event_id: 'evt-0-1',
          error_code: 'SyntaxError',
        },
      },
      { level: 'warn', message: 'later versions held back behind an unreadable event', attributes: { stream_id: streamIds[0], from_version: 1, held_back: 1 } },
    ]);
    const text = JSON.stringify(logged);
    for (const value of Object.values(samplePii)) expect(text).not.toContain(value);
  });

  it('reports exactly the records that failed on either side, and feeds Kinesis a gapless version run per stream (property)', async () => {
    const scenario = fc.record({
      // Each slot picks a stream; its n-th slot carries version n, so every stream is in order within the batch.
      slots: fc.array(fc.integer({ min: 0, max: streamIds.length - 1 }), { minLength: 1, maxLength: 24 }),
      unreadable: fc.array(fc.nat(), { maxLength: 3 }),
      notOnBus: fc.array(fc.nat(), { maxLength: 4 }),
      repeats: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      kinesisFails: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ slots, unreadable, notOnBus, repeats, kinesisFails }) => {
        const next = new Map<number, number>();
        const events = slots.map((s) => {
          const version = (next.get(s) ?? 0) + 1;
          next.set(s, version);
          return eventOf(s, version);
        });
        const unreadableIds = new Set(unreadable.map((n) => events[n % events.length]!.eventId));
        const notOnBusIds = new Set(notOnBus.map((n) => events[n % events.length]!.eventId));
        const batch: { event: RecordedEvent; parts?: boolean }[] = events.map((event) => ({ event, parts: unreadableIds.has(event.eventId) }));
        // A redelivered record comes again later in the batch.
        for (const [which, where] of repeats) {
          const index = which % batch.length;
          const at = index + 1 + (where % (batch.length - index));
          batch.splice(at, 0, { ...batch[index]! });
        }

        const { reported, feed, bus } = await run({ records: batch, unreadable: unreadableIds, notOnBus: notOnBusIds, kinesisFails });

        // The model: a stream stops at its first unreadable version; what goes out fails on the bus, or the whole
        // batch fails with Kinesis.
        const firstUnreadable = new Map<string, number>();
        for (const event of events) {
          if (!unreadableIds.has(event.eventId)) continue;
          firstUnreadable.set(event.streamId, Math.min(firstUnreadable.get(event.streamId) ?? Infinity, event.version));
        }
        const heldBack = (event: RecordedEvent) => event.version >= (firstUnreadable.get(event.streamId) ?? Infinity);
        const outgoing = events.filter((event) => !heldBack(event));
        const failedIds = new Set(events.filter((event) => heldBack(event) || notOnBusIds.has(event.eventId)).map((e) => e.eventId));
        const expected = batch.flatMap(({ event }, index) => (failedIds.has(event.eventId) ? [sequenceNumber(index + 1)] : []));
        expect(reported).toEqual(kinesisFails && outgoing.length > 0 ? 'everything' : expected);

        const sent = feed.flat();
        expect(ids(sent).sort()).toEqual(ids(outgoing).sort());
        expect(ids(bus.flat()).sort()).toEqual(ids(outgoing).sort());
        for (const streamId of streamIds) {
          const versions = sent.filter((event) => event.streamId === streamId).map((event) => event.version);
          expect(versions).toEqual(versions.map((_, i) => i + 1));
        }
      }),
      { numRuns: 200 },
    );
  });
});
