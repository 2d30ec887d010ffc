import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { bundleLambdas } from '../../../infra/bundle.js';
import { fiduciaApp } from '../../../infra/fiduciaApp.js';
import type { FiduciaStack } from '../../../infra/fiduciaStack.js';
import { lambdaNames, type LambdaEntries, type LambdaName } from '../../../infra/lambdaEntries.js';

/** A resource of the synthesized template. */
export interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly Condition?: string;
  readonly Metadata?: Record<string, any>;
}

/** An IAM policy statement as the template writes it. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, any>;
}

/** The Fiducia stack synthesized offline, with placeholder handlers bundled as the real ones are. */
export interface SynthesizedStack {
  readonly app: App;
  readonly stack: FiduciaStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
  readonly resources: Record<string, Resource>;
  /** The logical id of a construct's CloudFormation resource. */
  readonly idOf: (construct: IConstruct) => string;
  /** Every statement granted to a role, by the role's logical id (through any of its policies). */
  readonly statementsOf: (roleId: string) => Statement[];
  /** Removes the synthesis folder. */
  readonly dispose: () => Promise<void>;
}

/** A value or a list of them, as a list (IAM writes a single action or resource without brackets). */
export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Synthesizes the stack as `npm run synth` does (cdk-nag included), into a temporary folder. */
export const synthesizeStack = async (): Promise<SynthesizedStack> => {
  const work = await mkdtemp(join(tmpdir(), 'fiducia-stack-'));
  const src = join(work, 'src');
  await mkdir(src);
  const entries = {} as Record<LambdaName, string>;
  for (const name of lambdaNames) {
    entries[name] = join(src, `${name}.ts`);
    await writeFile(entries[name], `export const handler = async () => ({ name: '${name}' });\n`);
  }
  const lambdaAssetsDir = join(work, 'lambda');
  await bundleLambdas({ outDir: lambdaAssetsDir, entries: entries as LambdaEntries });
  const { app, stack } = fiduciaApp({ outdir: join(work, 'cdk.out'), lambdaAssetsDir });
  // Synthesis runs the cdk-nag plugin and throws with its report on any unacknowledged finding.
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const statementsOf = (roleId: string): Statement[] =>
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  return {
    app,
    stack,
    assembly,
    template,
    resources,
    idOf: (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
    statementsOf,
    dispose: () => rm(work, { recursive: true, force: true }),
  };
};
