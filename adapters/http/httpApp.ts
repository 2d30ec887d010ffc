import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import { isTransientError } from '../aws/transientError.js';
import { authMiddleware, type AuthEnv } from './authMiddleware.js';
import { problemOf, problemResponse } from './problemResponse.js';

/** Largest request body: a 5,000-deposit portfolio with generous field lengths fits comfortably. */
export const maxBodyBytes = 3 * 1024 * 1024;

/** Longest path segment (an id) the service answers for. */
export const maxIdLength = 256;

/** A path segment longer than `maxIdLength`, found without splitting the path on every request. */
const overlongSegment = new RegExp(`[^/]{${maxIdLength + 1}}`);

export interface HttpAppParts {
  readonly verify: TokenVerifier;
  /** Answers `GET /health`; the only route without authentication. */
  readonly health: () => Promise<{ readonly ok: boolean; readonly [detail: string]: unknown }>;
  /** The authenticated feature apps (commands, queries, audit), mounted at the root. */
  readonly apps: ReadonlyArray<Hono<AuthEnv>>;
  /** Reports an unexpected error without request data (bodies and tokens may hold PII or secrets). */
  readonly onUnexpected?: (error: unknown, route: string) => void;
}

/** Composes the service's HTTP API: health, authentication on every other route, problem documents for every error. */
export const httpApp = (parts: HttpAppParts): Hono => {
  const app = new Hono();
  app.get('/health', async (c) => {
    const report = await parts.health();
    return c.json(report, report.ok ? 200 : 503);
  });

  const secured = new Hono<AuthEnv>();
  secured.use('*', authMiddleware(parts.verify));
  // No id this service issues is longer; a longer path segment names nothing (and could not be a DynamoDB key).
  secured.use('*', async (c, next) => (overlongSegment.test(c.req.path) ? problemResponse(problemOf(404, 'No such resource.')) : next()));
  const tooLarge = () => problemResponse(problemOf(413, `The request body exceeds ${maxBodyBytes} bytes.`), { connection: 'close' });
  const streamedLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });
  secured.use('*', async (c, next) => {
    // With a Content-Length the header decides, and the body stays on the server's fast read path; the rest of an
    // oversized body is never read, so the connection cannot carry another request. Chunked bodies are counted.
    if (c.req.header('transfer-encoding') !== undefined) return streamedLimit(c, next);
    const length = c.req.header('content-length');
    return length !== undefined && Number(length) > maxBodyBytes ? tooLarge() : next();
  });
  for (const feature of parts.apps) secured.route('/', feature);
  const known = parts.apps.flatMap((feature) => feature.routes).map(({ method, path }) => ({ method, pattern: routePattern(path) }));

  app.route('/', secured);
  // The root app answers for every unmatched path: sub-apps' handlers are not consulted by Hono.
  app.notFound((c) => {
    const allowed = [...new Set(known.filter(({ pattern }) => pattern.test(c.req.path)).map(({ method }) => method))];
    if (allowed.length > 0 && !allowed.includes('ALL')) {
      return problemResponse(problemOf(405, `${c.req.method} is not allowed here; use ${allowed.join(', ')}.`), { allow: allowed.join(', ') });
    }
    return problemResponse(problemOf(404, 'No such resource.'));
  });
  app.onError((error, c) => {
    parts.onUnexpected?.(error, c.req.routePath);
    // Throttling or an outage of the store: nothing the client sent is wrong, and the same request may succeed soon.
    if (isTransientError(error)) return problemResponse(problemOf(503, 'The store is busy; retry shortly.'), { 'retry-after': '1' });
    return problemResponse(problemOf(500, 'An unexpected error occurred; it has been logged.'));
  });
  return app;
};

/** A Hono route path (`/profiles/:id/objectives`) as a whole-path pattern. */
const routePattern = (path: string): RegExp =>
  new RegExp(`^${path.split('/').map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
