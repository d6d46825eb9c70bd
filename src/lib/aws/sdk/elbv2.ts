// One client class per module: a dynamic import of the package itself would keep every command.
export { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
