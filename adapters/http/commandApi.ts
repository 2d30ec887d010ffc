import type { Context } from 'hono';
import { Hono } from 'hono';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { CommandResult } from '../../application/commandExecution.js';
import {
  proposePortfolio,
  revisePortfolio,
  withdrawPortfolio,
  type PortfolioServices,
} from '../../application/portfolioUseCases.js';
import { changeProfile, createProfile } from '../../application/profileUseCases.js';
import type { PortfolioView } from '../../domain/portfolio/portfolioDecider.js';
import { parsePortfolioRequest } from '../../domain/portfolioRequestParser.js';
import type { FieldProblem } from '../../domain/problem.js';
import {
  parseAccountOpeningBody,
  parseApplicationBody,
  parseComplianceReviewBody,
  parseCreateProfileBody,
  parseObjectivesBody,
  parseRiskAssessmentBody,
  parseTargetAllocationBody,
} from '../../domain/profile/profileCommandBodies.js';
import type { ProfileCommand } from '../../domain/profile/profileCommands.js';
import type { ProfileView } from '../../domain/profile/profileState.js';
import { dateOfInstant, type Instant, type ProfileId } from '../../domain/profile/profileValues.js';
import type { StreamSnapshot } from '../../application/streamSnapshot.js';
import { requireRole, type AuthEnv } from './authMiddleware.js';
import { commandContextOf, etagOf } from './commandHeaders.js';
import { commandResponse, storedJson } from './commandResponse.js';
import { readJsonBody } from './jsonBody.js';
import { problemOf, problemResponse } from './problemResponse.js';
import { portfolioBody, profileBody } from './resourceBodies.js';

const invalid = (problems: ReadonlyArray<FieldProblem>): Response =>
  problemResponse(problemOf(400, `The request has ${problems.length} invalid field${problems.length === 1 ? '' : 's'}.`, { errors: problems }));

const resourceHeaders = (location: string, version: number) => ({ location, etag: etagOf(version) });

/** The write side: commands on profiles and portfolio proposals, all JSON in snake_case. */
export const commandApi = (services: PortfolioServices): Hono<AuthEnv> => {
  const app = new Hono<AuthEnv>();

  /** Reads the body and builds the command context, or answers the problem that stops the command. */
  const accept = async <A>(c: Context<AuthEnv>, parse: (body: unknown) => Either<ReadonlyArray<FieldProblem>, A>, run: (input: A, context: ReturnType<typeof commandContextOf> & { ok: true }) => Promise<CommandResult>) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const parsed = parse(body.value);
    if (isLeft(parsed)) return invalid(parsed.left);
    const context = commandContextOf(c, c.get('principal'), body.text);
    if (!context.ok) return context.response;
    return commandResponse(await run(parsed.right, context), { ifMatch: c.req.header('if-match'), idempotencyKey: c.req.header('idempotency-key') });
  };

  const renderPortfolio = (status: number) => (after: StreamSnapshot<PortfolioView>) =>
    storedJson(status, portfolioBody(after), resourceHeaders(`/portfolios/${after.state.portfolio_id}`, after.version));
  const renderProfile = (status: number) => (after: StreamSnapshot<ProfileView>) =>
    storedJson(status, profileBody(after), resourceHeaders(`/profiles/${after.state.profile_id}`, after.version));

  app.post('/api/drive-deposits/calculate-portfolio', requireRole('advisor'), (c) =>
    accept(c, parseProposal, ({ request, profileId }, { context }) =>
      proposePortfolio(services, context, c.get('principal'), request, profileId, renderPortfolio(200)),
    ),
  );
  app.post('/portfolios/:id/revisions', requireRole('advisor'), (c) =>
    accept(c, parsePortfolioRequest, (request, { context }) =>
      revisePortfolio(services, context, c.get('principal'), c.req.param('id'), request, renderPortfolio(200)),
    ),
  );
  app.post('/portfolios/:id/withdrawal', requireRole('advisor'), (c) =>
    accept(c, parseWithdrawal, (reason, { context }) =>
      withdrawPortfolio(services, context, c.get('principal'), c.req.param('id'), reason, renderPortfolio(200)),
    ),
  );
  app.post('/profiles', requireRole('advisor'), (c) => {
    const now = services.clock() as Instant;
    const profileId = services.newId() as ProfileId;
    return accept(
      c,
      (body) => parseCreateProfileBody(body, { profileId, today: dateOfInstant(now) }),
      (command, { context }) => createProfile(services, context, command, renderProfile(201)),
    );
  });
  const profileCommand = (path: string, role: 'advisor' | 'compliance', parse: (body: unknown) => Either<ReadonlyArray<FieldProblem>, ProfileCommand>) =>
    app.post(`/profiles/:id/${path}`, requireRole(role), (c) =>
      accept(c, parse, (command, { context }) =>
        changeProfile(services, context, c.get('principal'), c.req.param('id'), command, renderProfile(200)),
      ),
    );
  profileCommand('risk-assessments', 'advisor', parseRiskAssessmentBody);
  profileCommand('objectives', 'advisor', parseObjectivesBody);
  profileCommand('target-allocation', 'advisor', parseTargetAllocationBody);
  profileCommand('applications', 'advisor', parseApplicationBody);
  profileCommand('account-openings', 'advisor', parseAccountOpeningBody);
  profileCommand('compliance-reviews', 'compliance', parseComplianceReviewBody);

  return app;
};

/** The compatible request, plus our optional `profile_uuid` linking the proposal to a profile. */
const parseProposal = (body: unknown) => {
  const request = parsePortfolioRequest(body);
  const profile = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).profile_uuid : undefined;
  const profileProblem: FieldProblem[] =
    profile === undefined || profile === null || (typeof profile === 'string' && profile.length > 0 && profile.length <= 256)
      ? []
      : [{ path: 'profile_uuid', value: profile, message: 'must be the id of a profile, as a string' }];
  if (isLeft(request) || profileProblem.length > 0) {
    return left([...(isLeft(request) ? request.left : []), ...profileProblem]);
  }
  return right({ request: request.right, profileId: typeof profile === 'string' ? profile : null });
};

/** `{ "reason": string | null }`, the reason optional and at most 1,000 characters. */
const parseWithdrawal = (body: unknown): Either<ReadonlyArray<FieldProblem>, string | null> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return left([{ path: '', value: body, message: 'must be a JSON object' }]);
  const reason = (body as Record<string, unknown>).reason;
  if (reason === undefined || reason === null) return right(null);
  if (typeof reason === 'string' && reason.length <= 1_000) return right(reason);
  return left([{ path: 'reason', value: reason, message: 'must be a string of at most 1,000 characters, or null' }]);
};
