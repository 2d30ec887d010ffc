import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { correlationHeader, isAcceptableCorrelationId, observedApp, type Observability } from './observability.js';

/** A Lambda handler behind an API Gateway HTTP API (payload format 2.0). */
export type ApiGatewayHandler = (event: APIGatewayProxyEventV2, context?: LambdaContext) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The event with a usable `x-correlation-id`: the caller's when acceptable, else the API Gateway request id. Set on
 * the request itself so that the id the command side records in its events is the one logged and echoed.
 */
export const withCorrelationId = (event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 => {
  const headers = event.headers ?? {};
  if (isAcceptableCorrelationId(headers[correlationHeader])) return event;
  const requestId = event.requestContext?.requestId;
  if (!isAcceptableCorrelationId(requestId)) return event;
  // API Gateway lower-cases header names in 2.0 events; a differently cased duplicate must not survive beside ours.
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== correlationHeader));
  return { ...event, headers: { ...kept, [correlationHeader]: requestId } };
};

/** Serves a Hono app from API Gateway events, with request logging, metrics and correlation ids. */
export const apiGatewayHandler = (app: Hono, observability: Observability): ApiGatewayHandler => {
  const serve = handle(observedApp(app, observability));
  return async (event, context) => {
    const correlated = withCorrelationId(event);
    if (context !== undefined) observability.logger.addContext(context);
    // Persistent keys outlive the invocation: an id left over from the previous request must not label this one.
    const correlationId = correlated.headers?.[correlationHeader];
    if (isAcceptableCorrelationId(correlationId)) observability.logger.setCorrelationId(correlationId);
    else observability.logger.removeKeys(['correlation_id']);
    observability.metrics.captureColdStartMetric();
    // Lambda's 2.0 event types `body` as optional where Hono's adapter expects `string | null`; both mean "no body".
    const result = await serve({ ...correlated, body: correlated.body ?? null } as unknown as LambdaEvent, context);
    return result as APIGatewayProxyStructuredResultV2;
  };
};
