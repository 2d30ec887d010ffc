import { Hono } from 'hono';
import type { CommandServices } from '../../application/commandExecution.js';
import { readPortfolio } from '../../application/portfolioUseCases.js';
import { readProfile } from '../../application/profileUseCases.js';
import type { AuthEnv } from './authMiddleware.js';
import { etagOf } from './commandHeaders.js';
import { problemOf, problemResponse } from './problemResponse.js';
import { readBoundOf } from './readBound.js';
import { portfolioBody, profileBody } from './resourceBodies.js';

/** Reads of one profile or portfolio, folded from its stream: now, or as of a version or instant. */
export const resourceApi = (services: Pick<CommandServices, 'store'>): Hono<AuthEnv> => {
  const app = new Hono<AuthEnv>();
  app.get('/portfolios/:id', async (c) => {
    const bound = readBoundOf(c);
    if (!bound.ok) return bound.response;
    const portfolio = await readPortfolio(services, c.get('principal'), c.req.param('id'), bound.bound);
    if (portfolio === undefined) return problemResponse(problemOf(404, 'No such portfolio.'));
    return c.json(portfolioBody(portfolio), 200, { etag: etagOf(portfolio.version) });
  });

  app.get('/profiles/:id', async (c) => {
    const bound = readBoundOf(c);
    if (!bound.ok) return bound.response;
    const profile = await readProfile(services, c.get('principal'), c.req.param('id'), bound.bound);
    if (profile === undefined) return problemResponse(problemOf(404, 'No such profile.'));
    return c.json(profileBody(profile), 200, { etag: etagOf(profile.version) });
  });

  return app;
};
