import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/**
 * An EventBridge client: the SDK's defaults in AWS; with an `endpoint` (a local stand-in, EventBridge has no local
 * engine) also dummy credentials and a fixed region, as the DynamoDB and Kinesis factories do.
 */
export const createEventBridgeClient = (endpoint?: string): EventBridgeClient => {
  if (endpoint === undefined) return new EventBridgeClient({});
  return new EventBridgeClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
};
