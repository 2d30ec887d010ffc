import type { Context } from 'hono';
import { Hono } from 'hono';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { canReadPortfolio } from '../../application/access.js';
import { hasAnyRole, hasRole } from '../../application/principal.js';
import { parseRankingParameters, type RankingParameters } from '../../projections/rankingParameters.js';
import { emptyProfileSearchPage, type ProfileSearch } from '../dynamodb/profileSearch.js';
import type { RankingQueries, RankingQueryError } from '../dynamodb/rankingQueries.js';
import { requireRole, type AuthEnv } from './authMiddleware.js';
import { invalidQueryParameter, problemOf, problemResponse } from './problemResponse.js';

/** A query parameter or cursor the client got wrong: 400 naming it; a portfolio not visible: 404. */
const refusal = (c: Context, error: RankingQueryError | { readonly _tag: 'InvalidParameter'; readonly parameter: string; readonly message: string }): Response => {
  if (error._tag === 'PortfolioNotFound') return problemResponse(problemOf(404, 'No such portfolio.'));
  return invalidQueryParameter(error.parameter, c.req.query(error.parameter) ?? null, error.message);
};

const answer = <T>(c: Context, result: Either<RankingQueryError, T>): Response => (isLeft(result) ? refusal(c, result.left) : c.json(result.right));

/** order, top_k and cursor, parsed once for every ranking. */
const rankingParameters = (c: Context) => parseRankingParameters({ order: c.req.query('order'), top_k: c.req.query('top_k'), cursor: c.req.query('cursor') });

/**
 * The read side: top-k rankings compatible with the DriveDeposits routes (domain.md §6), deposits maturing in a window,
 * and profile search. Advisors and compliance see every ranking; a client sees only rankings of portfolios proposed
 * for their own profiles (any other portfolio is "not found").
 */
export const queryApi = (rankings: RankingQueries, profiles: ProfileSearch): Hono<AuthEnv> => {
  const app = new Hono<AuthEnv>();

  app.get('/by-level-for-portfolios/delta-growth', async (c) => {
    const parameters = rankingParameters(c);
    if (isLeft(parameters)) return refusal(c, parameters.left);
    const principal = c.get('principal');
    const delta = { period: c.req.query('period'), periodUnit: c.req.query('period_unit') };
    const staff = hasAnyRole(principal, ['advisor', 'compliance']);
    return answer(c, await rankings.topPortfolios({ ...parameters.right, delta, ...(staff ? {} : { clientId: principal.sub }) }));
  });

  /** A ranking of one portfolio, once the principal may see that portfolio. */
  const ofPortfolio = (path: string, query: (id: string, parameters: RankingParameters) => Promise<Either<RankingQueryError, unknown>>) =>
    app.get(`/portfolios/:uuid/${path}`, async (c) => {
      const parameters = rankingParameters(c);
      if (isLeft(parameters)) return refusal(c, parameters.left);
      const principal = c.get('principal');
      const id = c.req.param('uuid');
      // The same rule as GET /portfolios/{id}: compliance needs no lookup, anyone else may not see every portfolio.
      if (!hasRole(principal, 'compliance')) {
        const state = await rankings.portfolioReadState(id);
        if (state === undefined || !canReadPortfolio(principal, state, state.client_id)) return problemResponse(problemOf(404, 'No such portfolio.'));
      }
      return answer(c, await query(id, parameters.right));
    });
  ofPortfolio('by-level-for-banks/delta-growth', rankings.topBanks);
  ofPortfolio('by-level-for-deposits/delta-growth', rankings.topDepositsByGrowth);
  ofPortfolio('by-level-for-deposits/maturity-date', rankings.topDepositsByMaturity);

  // Rollover outreach is staff work: the window spans every client's deposits.
  app.get('/deposits/maturing', requireRole('advisor', 'compliance'), async (c) => {
    const parameters = rankingParameters(c);
    if (isLeft(parameters)) return refusal(c, parameters.left);
    const from = c.req.query('from');
    const to = c.req.query('to');
    return answer(c, await rankings.maturingDeposits({ ...parameters.right, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }));
  });

  app.get('/profiles', async (c) => {
    const principal = c.get('principal');
    const clientId = c.req.query('client_id');
    const advisorId = c.req.query('advisor_id');
    const status = c.req.query('status');
    const cursor = c.req.query('cursor');
    const limitText = c.req.query('limit');
    if (limitText !== undefined && !/^[0-9]{1,4}$/.test(limitText)) {
      return refusal(c, { _tag: 'InvalidParameter', parameter: 'limit', message: 'must be an integer from 1 to 1000' });
    }
    // Compliance searches anyone's profiles; an advisor searches the profiles they advise; a client only their own.
    // Asking for someone else's finds nothing, as if they had none.
    const compliance = hasRole(principal, 'compliance');
    const advisor = !compliance && hasRole(principal, 'advisor');
    if ((advisor && advisorId !== undefined && advisorId !== principal.sub) || (!compliance && !advisor && clientId !== undefined && clientId !== principal.sub)) {
      return c.json(emptyProfileSearchPage);
    }
    const scope = compliance ? {} : advisor ? { advisorId: principal.sub } : { clientId: principal.sub };
    const result = await profiles.searchProfiles({
      ...(clientId === undefined ? {} : { clientId }),
      ...(advisorId === undefined ? {} : { advisorId }),
      ...scope,
      ...(status === undefined ? {} : { status }),
      ...(cursor === undefined ? {} : { cursor }),
      ...(limitText === undefined ? {} : { limit: Number(limitText) }),
    });
    return isLeft(result) ? refusal(c, result.left) : c.json(result.right);
  });

  return app;
};
