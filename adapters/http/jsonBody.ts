import type { Context } from 'hono';
import { problemOf, problemResponse } from './problemResponse.js';

/** The raw text and parsed value of a JSON request body, or the problem response that refuses it. */
export type JsonBody = { readonly ok: true; readonly text: string; readonly value: unknown } | { readonly ok: false; readonly response: Response };

/** Reads a JSON body: 415 unless the media type is JSON, 400 for malformed JSON (the size limit is a middleware). */
export const readJsonBody = async (c: Context): Promise<JsonBody> => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(mediaType)) {
    return { ok: false, response: problemResponse(problemOf(415, 'Send the body as application/json.'), { accept: 'application/json' }) };
  }
  const text = await c.req.text();
  try {
    return { ok: true, text, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'The body is not valid JSON.';
    return { ok: false, response: problemResponse(problemOf(400, `Malformed JSON: ${detail}`)) };
  }
};
