import { createDynamoClient } from '../dynamodb/dynamoClient.js';
import { createProjector } from '../projection/projectorHandler.js';
import { projectorEnvironment } from './lambdaEnvironment.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createObservability, metricNames, observedBatchHandler } from './observability.js';

// Cold start: a bad environment fails here, before any batch, with every problem named.
const environment = projectorEnvironment();
const observability = createObservability({ functionName: 'projector', ...environment });

/** The projector: the events table's stream into the read models, with a partial batch response. */
export const handler = observedBatchHandler(
  createProjector({
    client: createDynamoClient(environment.dynamoEndpoint),
    tables: environment.tables,
    shards: environment.portfolioShards,
    logger: observability.logger,
    onDeadLettered: () => observability.metrics.addMetric(metricNames.streamRecordsDeadLettered, MetricUnit.Count, 1),
  }),
  observability,
);
