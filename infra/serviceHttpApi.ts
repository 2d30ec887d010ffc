import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export type ApiTarget = 'commandApi' | 'queryApi';

export interface ApiRoute {
  readonly methods: ReadonlyArray<HttpMethod>;
  readonly path: string;
  readonly target: ApiTarget;
  readonly authenticated: boolean;
}

/**
 * Which function answers what. Both Hono apps route further inside; API Gateway only splits by method: reads go to
 * the query side, changes to the command side. `/health` is the one route without a token (load balancers, probes).
 */
export const apiRoutes: ReadonlyArray<ApiRoute> = [
  { methods: [HttpMethod.GET], path: '/health', target: 'queryApi', authenticated: false },
  { methods: [HttpMethod.GET], path: '/{proxy+}', target: 'queryApi', authenticated: true },
  {
    methods: [HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE],
    path: '/{proxy+}',
    target: 'commandApi',
    authenticated: true,
  },
];

export interface ServiceHttpApiProps {
  readonly functions: Readonly<Record<ApiTarget, IFunction>>;
  /** Expected `iss` claim; API Gateway fetches the signing keys from its OpenID discovery document. */
  readonly issuer: string;
  /** Expected `aud` claim. */
  readonly audience: string;
  readonly accessLogRetention: RetentionDays;
  /** Encrypts the access logs (source IPs, user agents). */
  readonly logKey: IKey;
  /** Steady requests per second and burst for the whole stage: a ceiling on what a runaway client can cost. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * One access-log line per request, as JSON: what (route, status), how long, and why it failed. Not who: a client's token
 * subject is their client id, which stays out of logs; the event store records every command's actor, and compliance's
 * reads are audit events of their own.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

/** The HTTP API in front of the command and query functions: JWT authorizer, access logs, stage throttling. */
export class ServiceHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Fiducia command and query API', createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.accessLogRetention, encryptionKey: props.logKey, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
      throttle: props.throttle,
    });

    const authorizer = new HttpJwtAuthorizer('Jwt', props.issuer, {
      jwtAudience: [props.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations: Record<ApiTarget, HttpLambdaIntegration> = {
      commandApi: new HttpLambdaIntegration('CommandApi', props.functions.commandApi),
      queryApi: new HttpLambdaIntegration('QueryApi', props.functions.queryApi),
    };
    for (const route of apiRoutes) {
      const created = this.api.addRoutes({
        path: route.path,
        methods: [...route.methods],
        integration: integrations[route.target],
        authorizer: route.authenticated ? authorizer : new HttpNoneAuthorizer(),
      });
      if (route.authenticated) continue;
      for (const open of created) {
        Validations.of(open).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'GET /health is deliberately public so probes need no token; it reports liveness only and reads no ' +
            'client data. Every other route requires a JWT from the configured issuer and audience.',
        });
      }
    }
  }
}
