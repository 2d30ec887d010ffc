import type { CommandResult } from '../../application/commandExecution.js';
import type { StoredResponse } from '../../application/ports/eventStore.js';
import type { Rejection } from '../../domain/decider.js';
import { etagOf } from './commandHeaders.js';
import { problemOf, problemResponse, type ProblemStatus } from './problemResponse.js';

/** A JSON response in the storable form used for idempotent replays. */
export const storedJson = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): StoredResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const rejectionStatus: Readonly<Record<Rejection['kind'], ProblemStatus>> = {
  'not-found': 404,
  forbidden: 403,
  'already-exists': 409,
  'invalid-transition': 409,
  'invalid-command': 400,
};

/** The request headers a command's problem may name: the ones a 412 or a 422 is about. */
export interface CommandHeaders {
  readonly ifMatch?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

/** Turns the outcome of a command into its HTTP response. */
export const commandResponse = (result: CommandResult, headers: CommandHeaders = {}): Response => {
  switch (result.kind) {
    case 'done':
      return new Response(result.response.body, {
        status: result.response.status,
        headers: { ...result.response.headers, ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) },
      });
    case 'rejected': {
      const { kind, message, path, value } = result.rejection;
      return problemResponse(problemOf(rejectionStatus[kind], message, path === undefined ? {} : { errors: [{ path, value: value ?? null, message }] }));
    }
    case 'precondition-failed': {
      const message = `does not match the current version ${result.currentVersion}; read the resource again`;
      return problemResponse(
        problemOf(412, `If-Match ${message}.`, { errors: [{ path: 'If-Match', value: headers.ifMatch ?? null, message }] }),
        { etag: etagOf(result.currentVersion) },
      );
    }
    case 'conflict':
      return problemResponse(problemOf(409, 'A concurrent command changed this resource first; read it again and retry.'));
    case 'idempotency-mismatch': {
      const message = 'was already used for a different request';
      return problemResponse(problemOf(422, `This Idempotency-Key ${message}.`, { errors: [{ path: 'Idempotency-Key', value: headers.idempotencyKey ?? null, message }] }));
    }
    case 'too-large':
      return problemResponse(
        problemOf(413, `The proposal is too large to store atomically (${result.bytes} bytes, limit ${result.limit}).`),
      );
  }
};
