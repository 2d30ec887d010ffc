import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventBridgePublisher } from '../../../adapters/eventbridge/eventBridgePublisher.js';
import type { EventBridgePublisherConfig } from '../../../adapters/eventbridge/eventBridgePublisher.js';
import { portfolioProposed, profileCreated } from './support/sampleEvents.js';

const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => eventBridge.reset());

const publisherWith = (overrides: Partial<EventBridgePublisherConfig> = {}) =>
  eventBridgePublisher({
    client: new EventBridgeClient({ region: 'eu-west-1' }),
    busName: 'fiducia-integration',
    source: 'fiducia',
    sleep: async () => undefined,
    ...overrides,
  });

describe('EventBridge publisher (for replays without a stream)', () => {
  it('returns the undelivered events in input order, each with the last error code it got', async () => {
    const [profile, portfolio] = [profileCreated(), portfolioProposed()];
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 2, Entries: [{ ErrorCode: 'ThrottlingException' }, { ErrorCode: 'MalformedDetail' }] })
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const undelivered = await publisherWith({ maxAttempts: 2 }).publish([profile, portfolio]);
    expect(undelivered).toEqual([
      { event: profile, errorCode: 'InternalFailure' },
      { event: portfolio, errorCode: 'MalformedDetail' },
    ]);
  });

  it('returns nothing and makes no call for no events', async () => {
    expect(await publisherWith().publish([])).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toEqual([]);
  });

  it('reports an event that fits no entry at all without sending it, and still sends the rest', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const limits = { maxEntries: 10, maxBytes: 1_500 };
    const [fits, tooBig] = [profileCreated(), portfolioProposed()];
    const small = { ...fits, data: { at: '2026-03-14T09:26:53.589Z' } };
    const undelivered = await publisherWith({ limits }).publish([small, { ...tooBig, streamId: `portfolio-${'x'.repeat(1_500)}` as typeof tooBig.streamId }]);
    expect(undelivered.map(({ errorCode }) => errorCode)).toEqual(['RangeError']);
    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length)).toEqual([1]);
  });
});
