import type { FieldProblem } from '../../domain/problem.js';

export type { FieldProblem };

/** Media type of an RFC 9457 problem document. */
export const problemMediaType = 'application/problem+json';

/** An RFC 9457 problem document, with `errors` listing every failing field when the input was invalid. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: ReadonlyArray<FieldProblem>;
}

/** The statuses the service answers with a problem document, with their RFC 9110 reason phrases. */
export const problemTitles = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;
export type ProblemStatus = keyof typeof problemTitles;

/** Builds a problem of type `about:blank`, whose title is by RFC 9457 the status's reason phrase. */
export const problemOf = (
  status: ProblemStatus,
  detail: string,
  extra: { readonly errors?: ReadonlyArray<FieldProblem>; readonly instance?: string } = {},
): Problem => ({ type: 'about:blank', title: problemTitles[status], status, detail, ...extra });

/** Answers with the problem document as `application/problem+json`, with any extra headers (e.g. `Allow`). */
export const problemResponse = (problem: Problem, headers: Readonly<Record<string, string>> = {}): Response =>
  new Response(JSON.stringify(problemBody(problem)), {
    status: problem.status,
    headers: { ...headers, 'content-type': problemMediaType },
  });

/** 400 for a query parameter the client got wrong, naming it with the value received. */
export const invalidQueryParameter = (parameter: string, value: unknown, message: string): Response =>
  problemResponse(problemOf(400, `Query parameter ${parameter}: ${message}.`, { errors: [{ path: parameter, value, message }] }));

const problemBody = (problem: Problem): object => ({
  type: problem.type,
  title: problem.title,
  status: problem.status,
  detail: problem.detail,
  ...(problem.instance === undefined ? {} : { instance: problem.instance }),
  ...(problem.errors === undefined
    ? {}
    : // A missing value is reported as null so that every listed field keeps its three members.
      { errors: problem.errors.map(({ path, value, message }) => ({ path, value: value === undefined ? null : value, message })) }),
});
