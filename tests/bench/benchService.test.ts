import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveCaller, requestBytes } from './benchService.js';

/** A server that answers each request with `answer`, counting connections and remembering what it received. */
const server = async (answer: (req: IncomingMessage, body: string, res: ServerResponse) => void) => {
  let connections = 0;
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      answer(req, body, res);
    });
  });
  http.on('connection', () => connections++);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  return { url, received, connections: () => connections, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
};

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('keepAliveCaller', () => {
  it('sends the prepared request and resolves with each status once the whole answer has arrived', async () => {
    const fake = await server((req, body, res) => {
      // A large answer arrives in several chunks: the call must wait for all of it.
      const status = body === 'ok' ? 200 : 404;
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': 200_000 });
      res.end('x'.repeat(200_000));
    });
    const caller = keepAliveCaller(fake.url, 2);
    closers.push(fake.close, caller.close);
    const request = (body: string) => requestBytes(fake.url, 'POST', '/api/x', { authorization: 'Bearer t' }, Buffer.from(body));
    expect(await caller.call(request('ok'))).toBe(200);
    expect(await caller.call(request('nope'))).toBe(404);
    expect(fake.received.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/api/x', body: 'ok' },
      { method: 'POST', url: '/api/x', body: 'nope' },
    ]);
    expect(fake.received[0]!.headers).toMatchObject({ authorization: 'Bearer t', 'content-length': '2', host: fake.url.host });
  });

  it('keeps at most the given number of connections open and reuses them', async () => {
    const fake = await server((_req, _body, res) => setTimeout(() => res.writeHead(200, { 'content-length': 2 }).end('{}'), 20));
    const caller = keepAliveCaller(fake.url, 3);
    closers.push(fake.close, caller.close);
    const request = requestBytes(fake.url, 'GET', '/', {}, Buffer.alloc(0));
    const statuses = await Promise.all(Array.from({ length: 12 }, () => caller.call(request)));
    expect(statuses).toEqual(Array.from({ length: 12 }, () => 200));
    await Promise.all(Array.from({ length: 6 }, () => caller.call(request)));
    expect(fake.connections()).toBe(3);
  });

  it('refuses an answer it cannot frame by Content-Length', async () => {
    const fake = await server((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('chunked ');
      res.end('answer');
    });
    const caller = keepAliveCaller(fake.url, 1);
    closers.push(fake.close, caller.close);
    await expect(caller.call(requestBytes(fake.url, 'GET', '/', {}, Buffer.alloc(0)))).rejects.toThrow(/framing/);
  });
});
