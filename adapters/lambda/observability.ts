import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context as LambdaContext, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { problemOf, problemResponse } from '../http/problemResponse.js';
import { errorFields } from '../logging/errorFields.js';
import type { LogLevel } from './lambdaEnvironment.js';

/** The structured logger and the EMF metrics of one function. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Names of the service's own metrics (CloudWatch namespace `Fiducia` unless configured). */
export const metricNames = {
  /** Dimensions `route` (method and route pattern) and `status`. */
  requests: 'Requests',
  /** Commands that appended events (not idempotent replays, not refusals); dimension `route`. */
  commandsCommitted: 'CommandsCommitted',
  streamRecordsProcessed: 'StreamRecordsProcessed',
  streamRecordsFailed: 'StreamRecordsFailed',
  /**
   * Records the projector parked as dead letters (`npx fiducia projections dead-letters`): acknowledged to Lambda, so
   * they never reach the mapping's dead-letter queue, and counted here for an alarm instead.
   */
  streamRecordsDeadLettered: 'StreamRecordsDeadLettered',
} as const;

/** The header carrying the correlation id in and out; recorded in the metadata of every event a command appends. */
export const correlationHeader = 'x-correlation-id';

/** The route reported for a request no route of the app matched: raw paths would make metric dimensions unbounded. */
export const unmatchedRoute = 'unmatched';

// The rule `correlationIdOf` (adapters/http/commandHeaders.ts) applies before it makes up an id of its own.
const acceptableCorrelationId = /^[\x21-\x7e]{1,255}$/;

/** True when the command side would record this id as given. */
export const isAcceptableCorrelationId = (value: string | undefined): value is string =>
  value !== undefined && acceptableCorrelationId.test(value);

/** Logger and metrics of one function; `function` is a default dimension of every metric. */
export const createObservability = (options: {
  readonly functionName: string;
  readonly serviceName: string;
  readonly logLevel: LogLevel;
  readonly metricsNamespace: string;
}): Observability => ({
  logger: new Logger({ serviceName: options.serviceName, logLevel: options.logLevel }),
  metrics: new Metrics({
    namespace: options.metricsNamespace,
    serviceName: options.serviceName,
    defaultDimensions: { function: options.functionName },
  }),
});

/** The API Gateway request id, when the request came through the Lambda adapter. */
const apiRequestIdOf = (c: Context): string | undefined => {
  const env = c.env as { readonly requestContext?: { readonly requestId?: unknown } } | undefined;
  const requestId = env?.requestContext?.requestId;
  return typeof requestId === 'string' ? requestId : undefined;
};

/** The method and route pattern (`GET /portfolios/:id`) of the app's route that answers the request. */
export const routeOf = (app: Hono, method: string, path: string): string => {
  const routed = method === 'HEAD' ? 'GET' : method;
  const [matches] = app.router.match(routed, path);
  let pattern: string | undefined;
  // Middleware is registered for ALL methods; the last method-specific match is the handler that answered.
  for (const [[, route]] of matches) if (route.method !== 'ALL') pattern = route.path;
  return pattern === undefined ? unmatchedRoute : `${method} ${pattern}`;
};

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Logs one line per request — method, route pattern, status, duration, correlation id — counts it, and echoes the
 * correlation id (the caller's `X-Correlation-Id`, else the API Gateway request id) in the response. It reads nothing
 * else of the request: never the body, the query string, the Authorization header or any other header.
 */
export const requestLogging = ({ logger, metrics }: Observability, routeFor: (method: string, path: string) => string) =>
  createMiddleware(async (c, next) => {
    const started = performance.now();
    const given = c.req.header(correlationHeader);
    const requestId = apiRequestIdOf(c);
    const correlationId = isAcceptableCorrelationId(given) ? given : isAcceptableCorrelationId(requestId) ? requestId : randomUUID();
    await next();
    c.header(correlationHeader, correlationId);

    const method = c.req.method;
    const route = routeFor(method, c.req.path);
    const status = c.res.status;
    const replayed = c.res.headers.get('idempotent-replayed') === 'true';
    const line = {
      method,
      route,
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      correlation_id: correlationId,
      ...(requestId === undefined ? {} : { request_id: requestId }),
      ...(replayed ? { idempotent_replayed: true } : {}),
    };
    if (status >= 500) logger.error('request', line);
    else logger.info('request', line);

    metrics.singleMetric().addDimensions({ route, status: String(status) }).addMetric(metricNames.requests, MetricUnit.Count, 1);
    if (!readMethods.has(method) && status >= 200 && status < 300 && !replayed) {
      metrics.singleMetric().addDimensions({ route }).addMetric(metricNames.commandsCommitted, MetricUnit.Count, 1);
    }
  });

/**
 * The app behind {@link requestLogging}. The app is called as a whole (not mounted), so that its own not-found,
 * method-not-allowed and error answers stay in force, and its routes are only consulted to name the route.
 */
export const observedApp = (app: Hono, observability: Observability): Hono => {
  const outer = new Hono();
  outer.use('*', requestLogging(observability, (method, path) => routeOf(app, method, path)));
  outer.all('*', (c) => app.fetch(c.req.raw, c.env));
  outer.onError((error) => {
    observability.logger.error('unexpected error', errorFields(error));
    return problemResponse(problemOf(500, 'An unexpected error occurred; it has been logged.'));
  });
  return outer;
};

/** Logs an unexpected error of the app (its `onUnexpected`) without request data. */
export const unexpectedErrorLogger =
  ({ logger }: Observability) =>
  (error: unknown, route: string): void =>
    logger.error('unexpected error', { route, ...errorFields(error) });

/** A stream handler with a partial batch response. */
export type StreamBatchHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/**
 * A stream handler as a Lambda handler: one log line and the processed/failed counts per batch (sequence numbers,
 * never images), Lambda context in every log line, the cold-start metric, metrics flushed at the end of each batch.
 */
export const observedBatchHandler = (handle: StreamBatchHandler, { logger, metrics }: Observability) =>
  async (event: DynamoDBStreamEvent, context?: LambdaContext): Promise<DynamoDBBatchResponse> => {
    if (context !== undefined) logger.addContext(context);
    metrics.captureColdStartMetric();
    const records = event.Records.length;
    const range = {
      ...(records === 0 ? {} : { first_sequence_number: event.Records[0]?.dynamodb?.SequenceNumber, last_sequence_number: event.Records[records - 1]?.dynamodb?.SequenceNumber }),
    };
    const started = performance.now();
    try {
      const response = await handle(event);
      const failed = response.batchItemFailures.length;
      metrics.addMetric(metricNames.streamRecordsProcessed, MetricUnit.Count, records - failed);
      metrics.addMetric(metricNames.streamRecordsFailed, MetricUnit.Count, failed);
      const line = { records, failed, duration_ms: Math.round(performance.now() - started), ...range };
      if (failed > 0) logger.warn('stream batch', { ...line, failed_sequence_numbers: response.batchItemFailures.map((f) => f.itemIdentifier) });
      else logger.info('stream batch', line);
      return response;
    } catch (error) {
      // The whole batch comes again (and is bisected by the event source mapping).
      metrics.addMetric(metricNames.streamRecordsFailed, MetricUnit.Count, records);
      logger.error('stream batch failed', { records, ...range, ...errorFields(error) });
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
