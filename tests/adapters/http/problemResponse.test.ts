import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemOf, problemResponse, problemTitles } from '../../../adapters/http/problemResponse.js';

describe('problem responses', () => {
  it('answer with the status and an application/problem+json RFC 9457 document', async () => {
    const response = problemResponse(problemOf(404, 'No such profile.'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such profile.' });
  });

  it('list every failing field in the given order, with path, value and message', async () => {
    const errors = [
      { path: 'new_banks[0].new_deposits[0].apy', value: '-1', message: 'must be at least 0' },
      { path: 'new_delta.period', value: undefined, message: 'is required' },
      { path: 'new_banks[1].name', value: { nested: [1] }, message: 'must be a string' },
    ];
    const response = problemResponse(problemOf(400, '3 fields are invalid.', { errors }));
    const body = (await response.json()) as { errors: unknown[] };
    expect(body.errors).toEqual([
      { path: 'new_banks[0].new_deposits[0].apy', value: '-1', message: 'must be at least 0' },
      { path: 'new_delta.period', value: null, message: 'is required' },
      { path: 'new_banks[1].name', value: { nested: [1] }, message: 'must be a string' },
    ]);
  });

  it('keep a custom type, title and instance', async () => {
    const response = problemResponse({
      type: 'https://fiducia.example/problems/version-conflict',
      title: 'Version conflict',
      status: 409,
      detail: 'The profile changed since version 3.',
      instance: '/profiles/p-1',
    });
    expect(await response.json()).toEqual({
      type: 'https://fiducia.example/problems/version-conflict',
      title: 'Version conflict',
      status: 409,
      detail: 'The profile changed since version 3.',
      instance: '/profiles/p-1',
    });
  });

  it('carry extra headers but never let them change the media type', () => {
    const response = problemResponse(problemOf(405, 'Use GET or POST.'), { allow: 'GET, POST', 'content-type': 'text/plain' });
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('title every status the service answers with its reason phrase', () => {
    expect(Object.keys(problemTitles).map(Number)).toEqual(expect.arrayContaining([400, 401, 403, 404, 405, 409, 412, 413, 415]));
    expect(problemOf(413, 'x').title).toBe('Content Too Large');
    expect(problemOf(415, 'x').title).toBe('Unsupported Media Type');
  });

  it('can be returned from a Hono handler as is', async () => {
    const app = new Hono().get('/conflict', () => problemResponse(problemOf(409, 'Already exists.')));
    const response = await app.request('/conflict');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 409, detail: 'Already exists.' });
  });
});
