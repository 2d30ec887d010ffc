import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export interface ApiRequest {
  readonly token?: string;
  /** Sent as a JSON string, as API Gateway passes a JSON request body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: string;
  /** API Gateway's own id of the request (`$context.requestId`). */
  readonly requestId?: string;
}

let requests = 0;

/**
 * An API Gateway HTTP API event (payload format 2.0) as the stack's routes deliver it: `/{proxy+}` routes, lower-case
 * headers, the JWT authorizer's claims in the request context, the body as a JSON string.
 */
export const apiGatewayEvent = (method: string, path: string, request: ApiRequest = {}): APIGatewayProxyEventV2 => {
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const routeKey = path === '/health' ? 'GET /health' : `${method} /{proxy+}`;
  const requestId = request.requestId ?? `Jq${String(++requests).padStart(6, '0')}EMF-Q=`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: request.query ?? '',
    headers: {
      accept: 'application/json',
      host: 'k7x2m4v9q1.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'fiducia-tests/1.0',
      'x-amzn-trace-id': 'Root=1-67d40f2a-2c1e4b3a5d6f7e8091a2b3c4',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(request.token === undefined ? {} : { authorization: `Bearer ${request.token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
      ...request.headers,
    },
    ...(request.query === undefined || request.query === ''
      ? {}
      : { queryStringParameters: Object.fromEntries(new URLSearchParams(request.query)) }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'k7x2m4v9q1',
      ...(request.token === undefined ? {} : { authorizer: { jwt: { claims: { sub: 'advisor-7' }, scopes: [] } } }),
      domainName: 'k7x2m4v9q1.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'k7x2m4v9q1',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'fiducia-tests/1.0' },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(path === '/health' ? {} : { pathParameters: { proxy: path.slice(1) } }),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
};

/** The Lambda context of an invocation, as the runtime passes it. */
export const lambdaContext = (functionName: string, invocation = 1): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: `Fiducia-${functionName}-A1B2C3D4E5F6`,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:Fiducia-${functionName}-A1B2C3D4E5F6`,
  memoryLimitInMB: '1024',
  awsRequestId: `6f1c2a9e-0000-4000-8000-${String(invocation).padStart(12, '0')}`,
  logGroupName: `/aws/lambda/Fiducia-${functionName}`,
  logStreamName: '2026/03/14/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => 25_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
