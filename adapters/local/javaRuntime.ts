import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';

/** DynamoDB Local 2.3+ is built for Java 17. */
export const minimumJavaMajor = 17;

/** A usable Java runtime: the command to run and its major version. */
export interface JavaRuntime {
  readonly command: string;
  readonly majorVersion: number;
  /** The first line of `java -version`, for start-up banners. */
  readonly versionText: string;
}

/** Why no usable Java runtime was found. */
export type JavaProblem =
  | { readonly kind: 'missing'; readonly command: string; readonly detail: string }
  | { readonly kind: 'too-old'; readonly command: string; readonly majorVersion: number; readonly versionText: string }
  | { readonly kind: 'unrecognised'; readonly command: string; readonly output: string };

const installHelp = [
  'Install Java 17 or newer, then try again:',
  '  Debian/Ubuntu:    sudo apt-get install openjdk-17-jre-headless',
  '  macOS (Homebrew): brew install openjdk@17 && export JAVA_HOME="$(brew --prefix openjdk@17)"',
  '  Anywhere else:    install a Java 17+ runtime and set JAVA_HOME to its folder (java is run from $JAVA_HOME/bin).',
].join('\n');

/** The human explanation of a Java problem, with the install instructions. */
export const javaProblemMessage = (problem: JavaProblem): string => {
  const lead = 'DynamoDB Local (the local database engine) needs a Java runtime, version 17 or newer.';
  switch (problem.kind) {
    case 'missing':
      return `${lead}\n${problem.detail}\n${installHelp}`;
    case 'too-old':
      return `${lead}\n"${problem.command}" is Java ${problem.majorVersion} (${problem.versionText}).\n${installHelp}`;
    case 'unrecognised':
      return `${lead}\nCould not read the version of "${problem.command}": ${problem.output || '(no output)'}\n${installHelp}`;
  }
};

/** Thrown by `requireJava`; its message is ready to print as is. */
export class JavaRuntimeError extends Error {
  override readonly name = 'JavaRuntimeError';
  constructor(readonly problem: JavaProblem) {
    super(javaProblemMessage(problem));
  }
}

/** The major version in `java -version` output (`"17.0.15"` → 17, legacy `"1.8.0_292"` → 8). */
export const parseJavaMajorVersion = (output: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
};

const executable = process.platform === 'win32' ? 'java.exe' : 'java';

/** Finds java ($JAVA_HOME/bin/java if JAVA_HOME is set, else java on PATH) and checks it is Java 17+. */
export const detectJava = (env: NodeJS.ProcessEnv = process.env): Either<JavaProblem, JavaRuntime> => {
  const javaHome = env.JAVA_HOME;
  const command = javaHome !== undefined && javaHome !== '' ? join(javaHome, 'bin', executable) : 'java';
  if (command !== 'java' && !existsSync(command)) {
    return left({ kind: 'missing', command, detail: `JAVA_HOME is "${javaHome}", but ${command} does not exist.` });
  }
  // The command lookup uses env.PATH, so a caller can test with a PATH of its choosing.
  const run = spawnSync(command, ['-version'], { env, encoding: 'utf8', timeout: 15_000 });
  if (run.error !== undefined) {
    const code = (run.error as NodeJS.ErrnoException).code;
    const detail =
      code === 'ENOENT' ? `"java" was not found on PATH (${env.PATH ?? ''}) and JAVA_HOME is not set.` : `Running "${command} -version" failed: ${run.error.message}`;
    return left({ kind: 'missing', command, detail });
  }
  // java -version writes to stderr; JAVA_TOOL_OPTIONS may add a "Picked up ..." line before it.
  const output = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim();
  const majorVersion = parseJavaMajorVersion(output);
  if (run.status !== 0 || majorVersion === undefined) return left({ kind: 'unrecognised', command, output });
  const versionText = output.split('\n').find((line) => line.includes('version "')) ?? output;
  if (majorVersion < minimumJavaMajor) return left({ kind: 'too-old', command, majorVersion, versionText });
  return right({ command, majorVersion, versionText });
};

/** Like `detectJava`, but throws a `JavaRuntimeError` whose message tells how to install Java. */
export const requireJava = (env: NodeJS.ProcessEnv = process.env): JavaRuntime => {
  const found = detectJava(env);
  if (isLeft(found)) throw new JavaRuntimeError(found.left);
  return found.right;
};
