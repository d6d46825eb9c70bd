/**
 * Who writes a load balancer's access logs, per AWS's docs: the ALB's log delivery (the Region's ELB
 * account in Regions opened before August 2022, or the service principal) and the NLB's (the
 * `delivery.logs` service), for the bucket policies rails writes and checks (docs/aws-behaviour.md §12).
 */

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

/** The service principal of ALB access-log delivery (newer Regions; accepted everywhere). */
export const ALB_LOG_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** The service principal of NLB access-log delivery. */
export const NLB_LOG_SERVICE = 'delivery.logs.amazonaws.com';
