import type { Context } from 'hono';
import { jsonShapeProblem } from './jsonShape.js';
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the body, which may hold client PII.
    return { ok: false, response: problemResponse(problemOf(400, 'Malformed JSON: the body is not valid JSON.')) };
  }
  const problem = jsonShapeProblem(value);
  if (problem !== undefined) return { ok: false, response: problemResponse(problemOf(400, `The body ${problem.message}.`, { errors: [problem] })) };
  return { ok: true, text, value };
};
