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
  const client =
    endpoint === undefined
      ? new KinesisClient({ requestHandler })
      : new KinesisClient({
          endpoint,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          requestHandler,
        });
  // No logger is configured: the logger middleware would only copy every PutRecords input for nobody.
  client.middlewareStack.remove('loggerMiddleware');
  return client;
};
