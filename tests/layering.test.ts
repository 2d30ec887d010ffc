import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The specifiers the layering rule refuses when a file in `folder` imports each of `specifiers`. */
const refused = async (folder: string, specifiers: ReadonlyArray<string>): Promise<string[]> => {
  const text = specifiers.map((specifier, index) => `import * as m${index} from '${specifier}';\nexport const e${index} = m${index};\n`).join('');
  const [result] = await eslint.lintText(text, { filePath: `${folder}/layeringProbe.ts` });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => specifiers[(message.line - 1) / 2]!);
};

describe('layering, as the linter enforces it', () => {
  it('lets the domain import only itself and fp-ts, io-ts and decimal.js', async () => {
    const allowed = ['./decimal.js', '../calendarDate.js', 'fp-ts/lib/Either.js', 'io-ts', 'decimal.js'];
    const outside = ['jose', 'canonicalize', 'node:crypto', '@smithy/types', 'hono', '../application/access.js', '../adapters/http/httpApp.js', '../projections/cursor.js'];
    expect(await refused('domain', [...allowed, ...outside])).toEqual(outside);
  });

  it('lets the application import the domain but no I/O, and projections hash and encode but reach only ports outside', async () => {
    expect(await refused('application', ['../domain/decider.js', './ports/clock.js', 'fp-ts/lib/Either.js', 'node:crypto', '@aws-sdk/client-dynamodb', '../adapters/dynamodb/eventStore.js'])).toEqual([
      'node:crypto',
      '@aws-sdk/client-dynamodb',
      '../adapters/dynamodb/eventStore.js',
    ]);
    expect(await refused('projections', ['../domain/periodUnit.js', './cursor.js', '../application/ports/eventStore.js', 'node:crypto', 'node:buffer', 'node:fs', '../application/access.js', '../adapters/x.js'])).toEqual([
      'node:fs',
      '../application/access.js',
      '../adapters/x.js',
    ]);
  });
});
