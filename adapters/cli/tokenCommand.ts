import type { Command } from 'commander';
import { isRole, type Role } from '../../application/principal.js';
import { loadAuthConfig } from '../auth/authConfig.js';
import { signDevToken } from '../auth/devToken.js';
import { runtimeConfig } from '../local/runtimeConfig.js';

const collectRole = (value: string, previous: Role[] | undefined): Role[] => {
  if (!isRole(value)) throw new Error(`unknown role "${value}" (advisor, client or compliance)`);
  return [...(previous ?? []), value];
};

/** `fiducia token --role R --sub S`: a development token signed with the local secret of the data folder. */
export const registerToken = (program: Command): void => {
  program
    .command('token')
    .description('print a signed development token for the local service (HS256, local secret)')
    // No default: commander enforces a required option only while its value is undefined.
    .requiredOption('--role <role>', 'advisor, client or compliance (repeat for several)', collectRole)
    .requiredOption('--sub <subject>', 'the user id the token speaks for (recorded as the actor)')
    .option('--expires-in <span>', 'lifetime: seconds, or 30m, 8h, 7d', '8h')
    .action(async (options: { role: Role[]; sub: string; expiresIn: string }) => {
      const { dataDir } = runtimeConfig();
      // A token is only useful signed with the secret the service verifies with: never make a new one here.
      const auth = await loadAuthConfig({ dataDir, secret: 'existing' });
      if (auth.kind !== 'hs256') throw new Error('tokens are issued by your identity provider when FIDUCIA_JWKS_URL is set');
      const token = await signDevToken({
        sub: options.sub,
        roles: options.role,
        secret: auth.secret,
        expiresIn: options.expiresIn,
        issuer: auth.issuer,
        audience: auth.audience,
      });
      process.stdout.write(`${token}\n`);
    });
};
