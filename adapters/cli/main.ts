import { Command } from 'commander';
import { registerAuditLineage } from './auditLineageCommand.js';
import { registerAuditReplay } from './auditReplayCommand.js';
import { registerAuditVerify } from './auditVerifyCommand.js';
import { registerCalculate } from './calculateCommand.js';
import { registerProjections } from './projectionsCommand.js';
import { registerToken } from './tokenCommand.js';

// The lockfile pins SDK releases that support Node 20; the SDK's notice about its future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The `fiducia` command line: each capability registers its own subcommands. */
const program = new Command('fiducia').description('Fiducia: investment proposals as an auditable event history').showHelpAfterError();
registerCalculate(program);
registerToken(program);
registerProjections(program);
const audit = program.command('audit').description('compliance operations: verify hash chains, replay calculations, export lineage');
registerAuditVerify(audit);
registerAuditReplay(audit);
registerAuditLineage(audit);

await program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`fiducia: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
