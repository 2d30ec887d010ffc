import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Enough sockets for the feed's concurrent PutRecords and one reader per shard. */
const maxSockets = 64;

/**
 * A Kinesis client over HTTP/1.1. The SDK's default HTTP/2 handler cannot talk to kinesalite; with an `endpoint`
 * (local) the client also gets dummy credentials and a fixed region, since kinesalite checks neither.
 */
export const createKinesisClient = (endpoint?: string): KinesisClient => {
  const requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  });
  if (endpoint === undefined) return new KinesisClient({ requestHandler });
  return new KinesisClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler,
  });
};
