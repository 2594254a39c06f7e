/**
 * Enhanced-flow guests are scoped down by session policies (AWS docs: IAM roles for identity pools, "Access policies"): the intersection of the
 * unauthenticated role's policies and the session policy. The basic flow is not scoped down.
 */
import type { Layer } from './evaluate';
import type { PolicyDocument, PolicyStatement } from './types';

const V3_ACTIONS = [
  'rum:PutRumEvents',
  'sagemaker:InvokeEndpoint',
  'polly:*',
  'comprehend:*',
  'translate:*',
  'transcribe:*',
  'rekognition:*',
  'mobiletargeting:*',
  'firehose:*',
  'personalize:*',
  'geo:GetMap*',
  'geo:SearchPlaceIndex*',
  'geo:GetPlace',
  'geo:CalculateRoute*',
  'geo:*Geofence',
  'geo:*Geofences',
  'geo:*DevicePosition*',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptTo',
  'kms:ReEncryptFrom',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:GenerateDataKeyWithoutPlaintext',
];

/** Services of the 2023 inline session policy (an archived copy of the AWS documentation's list), with the action limits it names. */
const LEGACY_PATTERNS = [
  'firehose:*',
  'kinesisanalytics:*',
  'sqs:*',
  'sumerian:View*',
  'mobileanalytics:*',
  'ses:*',
  'lambda:*',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'dynamodb:*',
  'sdb:*',
  'appsync:*',
  'geo:*',
  'sns:*',
  'gamelift:*',
  'iot:*',
  'codewhisperer:*',
  'comprehend:*',
  'lex:*',
  'machinelearning:*',
  'personalize:*',
  'polly:*',
  'rekognition:*',
  'sagemaker:InvokeEndpoint',
  'textract:DetectDocumentText',
  'textract:AnalyzeDocument',
  'transcribe:*',
  'translate:*',
  'cloudwatch:*',
  'logs:*',
  'execute-api:*',
  'apigateway:*',
  'cognito-identity:*',
  'cognito-idp:*',
  'cognito-sync:*',
  's3:*',
  'rum:PutRumEvents',
];

const V3_NAME = 'AmazonCognitoUnAuthedIdentitiesSessionPolicy';

export const GUEST_SCOPE_DOWN_ASSUMPTION = `Guests in the enhanced flow are scoped down by Cognito's session policy: ${V3_NAME} (2024-11-01) is evaluated; whether it replaced the older inline session policy (which also allowed S3, DynamoDB, Lambda, SQS, SNS and more) is UNCONFIRMED, so actions only the older one allowed are unknown. The basic (classic) flow is not scoped down.`;

export function guestSessionPolicy(): PolicyDocument {
  const statement: PolicyStatement = {
    effect: 'Allow',
    actions: V3_ACTIONS,
    resources: [{ text: '*' }],
    conditions: [],
    policy: V3_NAME,
    file: undefined,
    line: undefined,
  };
  return { name: V3_NAME, statements: [statement] };
}

export function guestSessionLayer(): Layer {
  return {
    layer: 'session',
    policies: [guestSessionPolicy()],
    uncertain: {
      mightAllow: (action) => LEGACY_PATTERNS.some((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action)),
      why: 'the older Cognito inline session policy for guests (which one applies is UNCONFIRMED: AWS documents only the current one)',
    },
  };
}
