import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FiduciaStack, type FiduciaStackProps } from './fiduciaStack.js';

export interface FiduciaAppOptions extends Omit<FiduciaStackProps, 'env'> {
  /** Where the cloud assembly goes; the CDK CLI sets it through CDK_OUTDIR when it runs the app. */
  readonly outdir?: string;
  readonly stackName?: string;
}

/** The stack name `cdk deploy` uses unless told otherwise. */
export const defaultStackName = 'Fiducia';

/**
 * Builds the CDK app: the Fiducia stack, tagged, with the cdk-nag AwsSolutions pack as a validation plugin. Synthesis
 * fails on any finding, error or warning, that is not acknowledged with a reason; acknowledgements are copied into the
 * template's resource metadata (`cdk_nag.rules_to_suppress`) so the reasons travel with what is deployed.
 */
export const fiduciaApp = (options: FiduciaAppOptions): { readonly app: App; readonly stack: FiduciaStack } => {
  const { outdir, stackName, ...stackProps } = options;
  const app = new App(outdir === undefined ? {} : { outdir });
  // Environment-agnostic: the account and region come from the credentials `cdk deploy` runs with.
  const stack = new FiduciaStack(app, stackName ?? defaultStackName, stackProps);
  Tags.of(app).add('service', 'fiducia');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { app, stack };
};
