/** The predefined TLS security policies (names listeners may use) and DescribeSSLPolicies. */
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler } from '../../core/types.js';
import { list, str } from './input.js';

/** AWS's default for HTTPS/TLS listeners created through the API. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

const TLS12 = ['TLSv1.2'];
const TLS13 = ['TLSv1.2', 'TLSv1.3'];
const LEGACY = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];

const POLICIES: Record<string, string[]> = {
  'ELBSecurityPolicy-2016-08': LEGACY,
  'ELBSecurityPolicy-2015-05': LEGACY,
  'ELBSecurityPolicy-TLS-1-0-2015-04': LEGACY,
  'ELBSecurityPolicy-TLS-1-1-2017-01': ['TLSv1.1', 'TLSv1.2'],
  'ELBSecurityPolicy-TLS-1-2-2017-01': TLS12,
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06': TLS12,
  'ELBSecurityPolicy-FS-2018-06': LEGACY,
  'ELBSecurityPolicy-FS-1-2-Res-2020-10': TLS12,
  'ELBSecurityPolicy-TLS13-1-2-2021-06': TLS13,
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06': TLS13,
  'ELBSecurityPolicy-TLS13-1-3-2021-06': ['TLSv1.3'],
};

const CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
];

/** True for the predefined policy names. */
export function sslPolicyExists(name: string): boolean {
  return name in POLICIES;
}

/** AWS's error for an unknown policy name. */
export function sslPolicyNotFound(name: string): AwsError {
  return new AwsError('SSLPolicyNotFound', `SSL policy '${name}' not found`);
}

/** DescribeSSLPolicies. */
export const sslPolicyHandlers: Record<string, OperationHandler> = {
  DescribeSSLPolicies(input) {
    const names = list<string>(input.Names) ?? [];
    for (const n of names) if (!sslPolicyExists(n)) throw sslPolicyNotFound(n);
    const type = str(input.LoadBalancerType);
    const chosen = names.length > 0 ? names : Object.keys(POLICIES);
    return {
      SslPolicies: chosen.map((Name) => ({
        Name,
        SslProtocols: POLICIES[Name],
        Ciphers: CIPHERS.map((c, i) => ({ Name: c, Priority: i + 1 })),
        SupportedLoadBalancerTypes: type ? [type] : ['application', 'network'],
      })),
    };
  },
};
