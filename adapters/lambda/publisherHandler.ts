import { createDynamoClient } from '../dynamodb/dynamoClient.js';
import { eventBridgePublisher } from '../eventbridge/eventBridgePublisher.js';
import { createKinesisClient } from '../kinesis/kinesisClient.js';
import { publishLineage } from '../kinesis/lineageFeed.js';
import { sourceEvents } from '../projection/sourceEvents.js';
import { createEventBridgeClient } from './eventBridgeClient.js';
import { publisherEnvironment } from './lambdaEnvironment.js';
import { createObservability, observedBatchHandler } from './observability.js';
import { reportingUnavailability, streamBatchPublisher } from '../streams/streamBatchPublisher.js';

/** The `source` prefix of integration events (`fiducia.profiles`, ...): part of the consumers' contract. */
const integrationSourcePrefix = 'fiducia';

// Cold start: a bad environment fails here, before any batch, with every problem named.
const environment = publisherEnvironment();
const observability = createObservability({ functionName: 'publisher', ...environment });
const kinesis = createKinesisClient(environment.kinesisEndpoint);

/** The publisher: the events table's stream to the integration bus and the lineage feed, with a partial batch response. */
export const handler = observedBatchHandler(
  reportingUnavailability(
    streamBatchPublisher({
      integration: eventBridgePublisher({
        client: createEventBridgeClient(environment.eventBridgeEndpoint),
        busName: environment.eventBusName,
        source: integrationSourcePrefix,
        logger: observability.logger,
      }),
      lineage: (events) => publishLineage(kinesis, environment.lineageStreamName, events),
      readParts: sourceEvents(createDynamoClient(environment.dynamoEndpoint), environment.tables).readParts,
      logger: observability.logger,
    }),
  ),
  observability,
);
