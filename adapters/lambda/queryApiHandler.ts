import { createDynamoClient } from '../dynamodb/dynamoClient.js';
import { queryApp } from '../http/serviceApp.js';
import { apiGatewayHandler } from './apiGatewayHandler.js';
import { apiEnvironment } from './lambdaEnvironment.js';
import { createObservability, unexpectedErrorLogger } from './observability.js';

// Cold start: a bad environment fails here, before any request, with every problem named.
const environment = apiEnvironment();
const observability = createObservability({ functionName: 'query-api', ...environment });

/** The query API (GET routes of the HTTP API, `/health` included). */
export const handler = apiGatewayHandler(
  queryApp({
    dynamo: createDynamoClient(environment.dynamoEndpoint),
    tables: environment.tables,
    auth: environment.auth,
    onUnexpected: unexpectedErrorLogger(observability),
  }),
  observability,
);
