import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { detectJava, JavaRuntimeError, parseJavaMajorVersion, requireJava } from '../../../adapters/local/javaRuntime.js';

const scratch = mkdtempSync(join(tmpdir(), 'fiducia-java-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder whose `java` prints the given `-version` text, as real java does, on stderr. */
const fakeJavaDir = (name: string, versionOutput: string): string => {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'java');
  writeFileSync(script, `#!/bin/sh\ncat >&2 <<'TXT'\n${versionOutput}\nTXT\n`);
  chmodSync(script, 0o755);
  return dir;
};

const withoutJavaHome = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const { JAVA_HOME: _ignored, ...rest } = env;
  return rest;
};

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "11.0.2-ea" 2019-01-15', 11],
    ['java version "1.8.0_292"', 8],
    ['Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "22.0.1" 2024-04-16', 22],
  ])('reads the major version of %j', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('finds no version in unrelated output', () => {
    expect(parseJavaMajorVersion('bash: java: command not found')).toBeUndefined();
  });

  it('reads the first number of any modern version string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 9, max: 99 }), fc.nat(99), fc.nat(99), (major, minor, patch) => {
        expect(parseJavaMajorVersion(`openjdk version "${major}.${minor}.${patch}" 2030-01-01`)).toBe(major);
      }),
    );
  });
});

describe('detectJava', () => {
  it('finds the installed Java 17+ on PATH', () => {
    const found = detectJava(withoutJavaHome(process.env));
    expect(isRight(found) && found.right.majorVersion).toBeGreaterThanOrEqual(17);
  });

  it('explains how to install Java when PATH has no java', () => {
    const emptyDir = join(scratch, 'empty');
    mkdirSync(emptyDir, { recursive: true });
    const env = { PATH: emptyDir };
    const found = detectJava(env);
    expect(isLeft(found) && found.left.kind).toBe('missing');
    expect(() => requireJava(env)).toThrow(JavaRuntimeError);
    let message = '';
    try {
      requireJava(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('was not found on PATH');
    expect(message).toContain('apt-get install openjdk-17-jre-headless');
    expect(message).toContain('brew install openjdk@17');
    expect(message).toContain('JAVA_HOME');
  });

  it('names JAVA_HOME when it points to a folder without java', () => {
    const javaHome = join(scratch, 'not-a-jdk');
    mkdirSync(javaHome, { recursive: true });
    const found = detectJava({ PATH: process.env.PATH, JAVA_HOME: javaHome });
    expect(isLeft(found) && found.left).toMatchObject({ kind: 'missing', command: join(javaHome, 'bin', 'java') });
    expect(() => requireJava({ PATH: process.env.PATH, JAVA_HOME: javaHome })).toThrow(/JAVA_HOME is ".*not-a-jdk"/);
  });

  it('prefers $JAVA_HOME/bin/java over java on PATH', () => {
    const javaHome = join(scratch, 'jdk-21');
    fakeJavaDir('jdk-21/bin', 'openjdk version "21.0.3" 2024-04-16');
    const found = detectJava({ PATH: process.env.PATH, JAVA_HOME: javaHome });
    expect(isRight(found) && found.right).toEqual({
      command: join(javaHome, 'bin', 'java'),
      majorVersion: 21,
      versionText: 'openjdk version "21.0.3" 2024-04-16',
    });
  });

  it('refuses a Java older than 17 and says which version it found', () => {
    const dir = fakeJavaDir('java8', 'java version "1.8.0_292"\nJava(TM) SE Runtime Environment (build 1.8.0_292-b10)');
    const env = { PATH: `${dir}:${process.env.PATH ?? ''}` };
    const found = detectJava(env);
    expect(isLeft(found) && found.left).toMatchObject({ kind: 'too-old', majorVersion: 8 });
    expect(() => requireJava(env)).toThrow(/is Java 8 .*\n[\s\S]*openjdk-17-jre-headless/);
  });

  it('reports output it cannot read instead of guessing a version', () => {
    const dir = fakeJavaDir('weird', 'this is not java');
    const found = detectJava({ PATH: `${dir}:${process.env.PATH ?? ''}` });
    expect(isLeft(found) && found.left).toMatchObject({ kind: 'unrecognised', output: 'this is not java' });
  });
});
