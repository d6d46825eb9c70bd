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
import {
  ALB_LOG_DELIVERY_SERVICE,
  ELB_ACCOUNT_BY_REGION,
  NLB_LOG_DELIVERY_SERVICE,
} from './log-delivery-principals.js';
import type { LoadBalancer } from './state.js';

/** The principals that may deliver a load balancer's access logs; any one of them granted is enough. */
function deliveryPrincipals(lb: LoadBalancer): PolicyPrincipal[] {
  if (lb.type === 'network') return [{ service: NLB_LOG_DELIVERY_SERVICE }];
  const account = ELB_ACCOUNT_BY_REGION[lb.region];
  return [
    { service: ALB_LOG_DELIVERY_SERVICE },
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
      principal: { service: NLB_LOG_DELIVERY_SERVICE },
      action: 's3:GetBucketAcl',
      resource: `arn:aws:s3:::${name}`,
    });
  if (!canWrite || !canCheckAcl) throw accessDenied(name);
}
