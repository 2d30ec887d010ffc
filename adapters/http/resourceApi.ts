import { Hono } from 'hono';
import type { CommandServices } from '../../application/commandExecution.js';
import type { ReadBound } from '../../application/ports/eventStore.js';
import { readPortfolio } from '../../application/portfolioUseCases.js';
import { readProfile } from '../../application/profileUseCases.js';
import { refuseUnrecordedRead } from './auditApi.js';
import type { AuthEnv } from './authMiddleware.js';
import { etagOf } from './commandHeaders.js';
import { problemOf, problemResponse } from './problemResponse.js';
import { readBoundOf } from './readBound.js';
import { portfolioBody, profileBody } from './resourceBodies.js';

/** A `?version=` past the stream's last version names a state that never existed. */
const beyondHead = (bound: ReadBound | undefined, version: number): boolean => bound?.toVersion !== undefined && bound.toVersion > version;

/** The parameters of a read of a past state; such a read is an audit read, recorded before it is served. */
const pastStateParameters = ['as_of', 'version'];

/**
 * Reads of one profile or portfolio, folded from its stream: now, or as of a version or instant. A read of a past state
 * (compliance only) is recorded as an audit read of the reader first, and refused if that fails.
 */
export const resourceApi = (services: CommandServices): Hono<AuthEnv> => {
  const app = new Hono<AuthEnv>();
  app.get('/portfolios/:id', async (c) => {
    const bound = readBoundOf(c);
    if (!bound.ok) return bound.response;
    if (bound.bound !== undefined) {
      const refused = await refuseUnrecordedRead(services, c, pastStateParameters);
      if (refused !== undefined) return refused;
    }
    const portfolio = await readPortfolio(services, c.get('principal'), c.req.param('id'), bound.bound);
    if (portfolio === undefined) return problemResponse(problemOf(404, 'No such portfolio.'));
    if (beyondHead(bound.bound, portfolio.version)) return problemResponse(problemOf(404, `The portfolio has no version ${bound.bound!.toVersion}.`));
    return c.json(portfolioBody(portfolio), 200, { etag: etagOf(portfolio.version) });
  });

  app.get('/profiles/:id', async (c) => {
    const bound = readBoundOf(c);
    if (!bound.ok) return bound.response;
    if (bound.bound !== undefined) {
      const refused = await refuseUnrecordedRead(services, c, pastStateParameters);
      if (refused !== undefined) return refused;
    }
    const profile = await readProfile(services, c.get('principal'), c.req.param('id'), bound.bound);
    if (profile === undefined) return problemResponse(problemOf(404, 'No such profile.'));
    if (beyondHead(bound.bound, profile.version)) return problemResponse(problemOf(404, `The profile has no version ${bound.bound!.toVersion}.`));
    return c.json(profileBody(profile), 200, { etag: etagOf(profile.version) });
  });

  return app;
};
