import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isLeft } from 'fp-ts/lib/Either.js';
import { calculatePortfolio } from '../../domain/portfolioCalculation.js';
import { parsePortfolioRequest } from '../../domain/portfolioRequestParser.js';
import type { FieldProblem } from '../../domain/problem.js';

/** Exit status for input that cannot be calculated (malformed JSON or invalid fields). */
export const invalidInputExit = 2;

const readInput = async (source: string): Promise<string> => {
  if (source !== '-') return readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const fail = (title: string, errors: ReadonlyArray<FieldProblem>): void => {
  process.stdout.write(`${JSON.stringify({ title, errors }, null, 2)}\n`);
  process.exitCode = invalidInputExit;
};

/** `fiducia calculate <file | ->`: the compatible response of a portfolio request, or its problems (exit 2). */
export const registerCalculate = (program: Command): void => {
  program
    .command('calculate')
    .description('calculate a portfolio request (a JSON file, or - for stdin) and print the compatible response')
    .argument('<file>', 'request file, or - to read standard input')
    .action(async (file: string) => {
      let body: unknown;
      try {
        body = JSON.parse(await readInput(file));
      } catch (error) {
        if (error instanceof SyntaxError) return fail('Malformed JSON', [{ path: '', value: null, message: error.message }]);
        throw error;
      }
      const request = parsePortfolioRequest(body);
      if (isLeft(request)) return fail('Invalid portfolio request', request.left);
      const response = calculatePortfolio(request.right, { newId: randomUUID, createdAt: new Date().toISOString() });
      process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
    });
};
