/**
 * Middleware on every client: one line per AWS call (service, operation, duration, outcome) to the
 * log the clients were given (the CLI's --verbose), and on failure the operation and resource
 * recorded on the error so the top of the CLI can say `<operation> <resource>: <code>: <message>`.
 */

/** Input fields that name the resource a call is about, most specific first. */
const RESOURCE_FIELDS = [
  'TargetGroupArn',
  'ListenerArn',
  'RuleArn',
  'LoadBalancerArn',
  'service',
  'services',
  'taskDefinition',
  'cluster',
  'clusters',
  'FunctionName',
  'RoleName',
  'Bucket',
  'Key',
  'Name',
  'Rule',
  'GroupId',
  'GroupName',
  'Names',
  'LoadBalancerArns',
  'TargetGroupArns',
  'ResourceArns',
  'VpcIds',
  'SubnetIds',
  'CertificateArn',
  'Namespace',
];

export function resourceOf(input: Record<string, unknown> | undefined): string | undefined {
  if (!input) return undefined;
  for (const f of RESOURCE_FIELDS) {
    const v = input[f];
    if (typeof v === 'string' && v)
      return f === 'Key' && typeof input.Bucket === 'string' ? `s3://${input.Bucket}/${v}` : v;
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string')
      return v.length === 1 ? v[0] : `${v[0]} (+${v.length - 1})`;
  }
  return undefined;
}

export function callLogMiddleware(
  service: string,
  log: ((line: string) => void) | undefined,
  endpoint?: string,
) {
  return (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const started = performance.now();
    try {
      const out = await next(args);
      log?.(`aws ${service} ${operation} ${Math.round(performance.now() - started)}ms ok`);
      return out;
    } catch (err: any) {
      log?.(
        `aws ${service} ${operation} ${Math.round(performance.now() - started)}ms ${err?.name ?? 'error'}`,
      );
      if (err && typeof err === 'object') {
        err.$railsOperation ??= operation;
        err.$railsService ??= service;
        err.$railsResource ??= resourceOf(args?.input);
        err.$railsEndpoint ??= endpoint;
      }
      throw err;
    }
  };
}
