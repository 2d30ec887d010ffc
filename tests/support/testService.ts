import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Role } from '../../application/principal.js';
import { defaultAudience, defaultClockToleranceSeconds, defaultIssuer, type AuthConfig } from '../../adapters/auth/authConfig.js';
import { signDevToken } from '../../adapters/auth/devToken.js';
import { serviceApp } from '../../adapters/http/serviceApp.js';
import type { DynamoFixture } from './dynamo.js';

/** A JSON answer from the service under test. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

export interface TestService {
  readonly baseUrl: string;
  readonly secret: Uint8Array;
  /** A valid token for the subject with the given roles. */
  readonly token: (sub: string, ...roles: Role[]) => Promise<string>;
  /** Sends a request; a non-string body is sent as JSON. */
  readonly call: (method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Answer>;
  readonly close: () => Promise<void>;
}

/** Serves the real service app over real HTTP on 127.0.0.1, on the fixture's DynamoDB tables. */
export const startTestService = async (dynamo: DynamoFixture): Promise<TestService> => {
  const secret = new Uint8Array(randomBytes(32));
  const auth: AuthConfig = { kind: 'hs256', secret, issuer: defaultIssuer, audience: defaultAudience, clockToleranceSeconds: defaultClockToleranceSeconds };
  const app = serviceApp({ dynamo: dynamo.client, tables: dynamo.tables, auth });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  if (!server.listening) await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    secret,
    token: (sub, ...roles) => signDevToken({ sub, roles, secret, expiresIn: '1h' }),
    call: async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
};
