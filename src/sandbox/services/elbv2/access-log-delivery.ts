/**
 * What ModifyLoadBalancerAttributes checks before it turns access logs on: the bucket exists in the
 * load balancer's region, the prefix leaves `AWSLogs` to ELB, and the bucket policy lets ELB's log
 * delivery write `<prefix/>AWSLogs/<account>/…` (ALB: the ELB account of the region or the
 * `logdelivery.elasticloadbalancing` service; NLB: the `delivery.logs` service, which also reads the
 * bucket ACL). AWS answers every failed check with the same InvalidConfigurationRequest.
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { findBucketInternal } from '../s3/bucket-policy.js';
import { type PolicyPrincipal, policyAllows } from '../s3/policy-eval.js';
import type { LoadBalancer } from './state.js';

/** ELB's log-writing account per Region opened before August 2022 (AWS's published list). */
export const ELB_LOG_ACCOUNTS: Record<string, string> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
};

/** The principals that may deliver a load balancer's access logs; any one of them granted is enough. */
function deliveryPrincipals(lb: LoadBalancer): PolicyPrincipal[] {
  if (lb.type === 'network') return [{ service: 'delivery.logs.amazonaws.com' }];
  const account = ELB_LOG_ACCOUNTS[lb.region];
  return [
    { service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
    ...(account ? [{ aws: `arn:aws:iam::${account}:root` }] : []),
  ];
}

const accessDenied = (bucket: string) =>
  new AwsError(
    'InvalidConfigurationRequest',
    `Access Denied for bucket: ${bucket}. Please check S3bucket permission`,
  );

/**
 * Throws what AWS answers when the merged attributes turn access logs on to a bucket ELB could not
 * write to. Disabled access logs need nothing.
 */
export function checkAccessLogDelivery(
  sb: Sandbox,
  lb: LoadBalancer,
  attrs: Record<string, string>,
  accountId: string,
): void {
  if (attrs['access_logs.s3.enabled'] !== 'true') return;
  const name = attrs['access_logs.s3.bucket'] ?? '';
  const prefix = attrs['access_logs.s3.prefix'] ?? '';
  if (prefix.startsWith('/') || prefix.endsWith('/'))
    throw validationError(`The value of 'access_logs.s3.prefix' cannot start or end with '/'`);
  // The exact wording is not documented; AWS's rule is that ELB adds `AWSLogs/` after the prefix.
  if (prefix.includes('AWSLogs'))
    throw validationError(`The value of 'access_logs.s3.prefix' cannot contain 'AWSLogs'`);
  const bucket = findBucketInternal(sb, name);
  if (!bucket || bucket.region !== lb.region) throw accessDenied(name);
  const key = `arn:aws:s3:::${name}/${prefix ? `${prefix}/` : ''}AWSLogs/${accountId}/`;
  const canWrite = deliveryPrincipals(lb).some((principal) =>
    policyAllows(bucket.policy, { principal, action: 's3:PutObject', resource: `${key}*` }),
  );
  const canCheckAcl =
    lb.type !== 'network' ||
    policyAllows(bucket.policy, {
      principal: { service: 'delivery.logs.amazonaws.com' },
      action: 's3:GetBucketAcl',
      resource: `arn:aws:s3:::${name}`,
    });
  if (!canWrite || !canCheckAcl) throw accessDenied(name);
}
