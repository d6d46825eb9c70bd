/**
 * Who may write a load balancer's access logs, as AWS's ELB docs name them ("Enable access logs"
 * for Application and Network Load Balancers). The sandbox keeps its own table, written from those
 * docs rather than shared with rails: it stands in for AWS, so it must not learn AWS's rules from
 * the client it is testing.
 */

/**
 * ALB: the Elastic Load Balancing account that delivers logs in each Region available before
 * August 2022 (in the `aws` partition). Newer Regions grant the service principal instead.
 */
export const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021', // US East (N. Virginia)
  'us-east-2': '033677994240', // US East (Ohio)
  'us-west-1': '027434742980', // US West (N. California)
  'us-west-2': '797873946194', // US West (Oregon)
  'af-south-1': '098369216593', // Africa (Cape Town)
  'ap-east-1': '754344448648', // Asia Pacific (Hong Kong)
  'ap-southeast-3': '589379963580', // Asia Pacific (Jakarta)
  'ap-south-1': '718504428378', // Asia Pacific (Mumbai)
  'ap-northeast-3': '383597477331', // Asia Pacific (Osaka)
  'ap-northeast-2': '600734575887', // Asia Pacific (Seoul)
  'ap-southeast-1': '114774131450', // Asia Pacific (Singapore)
  'ap-southeast-2': '783225319266', // Asia Pacific (Sydney)
  'ap-northeast-1': '582318560864', // Asia Pacific (Tokyo)
  'ca-central-1': '985666609251', // Canada (Central)
  'eu-central-1': '054676820928', // Europe (Frankfurt)
  'eu-west-1': '156460612806', // Europe (Ireland)
  'eu-west-2': '652711504416', // Europe (London)
  'eu-south-1': '635631232127', // Europe (Milan)
  'eu-west-3': '009996457667', // Europe (Paris)
  'eu-north-1': '897822967062', // Europe (Stockholm)
  'me-south-1': '076674570225', // Middle East (Bahrain)
  'sa-east-1': '507241528517', // South America (São Paulo)
};

/** ALB: the log delivery service principal, accepted in every Region. */
export const ALB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** NLB: the log delivery service principal, which must also be able to read the bucket ACL. */
export const NLB_LOG_DELIVERY_SERVICE = 'delivery.logs.amazonaws.com';
