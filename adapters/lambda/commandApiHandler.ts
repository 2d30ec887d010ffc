import { createDynamoClient } from '../dynamodb/dynamoClient.js';
import { commandApp } from '../http/serviceApp.js';
import { apiGatewayHandler } from './apiGatewayHandler.js';
import { apiEnvironment } from './lambdaEnvironment.js';
import { createObservability, unexpectedErrorLogger } from './observability.js';

// Cold start: a bad environment fails here, before any request, with every problem named.
const environment = apiEnvironment();
const observability = createObservability({ functionName: 'command-api', ...environment });

/** The command API (POST, PUT, PATCH, DELETE routes of the HTTP API). */
export const handler = apiGatewayHandler(
  commandApp({
    dynamo: createDynamoClient(environment.dynamoEndpoint),
    tables: environment.tables,
    auth: environment.auth,
    onUnexpected: unexpectedErrorLogger(observability),
  }),
  observability,
);
