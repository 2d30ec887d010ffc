import { Command } from 'commander';
import { registerCalculate } from './calculateCommand.js';
import { registerToken } from './tokenCommand.js';

/** The `fiducia` command line: each capability registers its own subcommands. */
const program = new Command('fiducia').description('Fiducia: investment proposals as an auditable event history').showHelpAfterError();
registerCalculate(program);
registerToken(program);

await program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`fiducia: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
