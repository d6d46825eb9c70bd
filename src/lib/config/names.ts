/**
 * Naming rules AWS enforces, checked offline so bad names are refused before any AWS call.
 * (docs/aws-behaviour.md §3: load balancer and target group names.)
 */

/** ELBv2 load balancer / target group names: <=32, alphanumerics and '-', no '-' at either end. */
export function elbNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 32) return `is ${name.length} characters; AWS allows at most 32`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'may contain only letters, digits and hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'may not begin or end with a hyphen';
  if (name.toLowerCase().startsWith('internal-')) return "may not begin with 'internal-'";
  return undefined;
}

/** The stage is part of every name (`<stage>-nlb`, `<stage>-alb`), so it must keep them valid. */
export const STAGE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/;

/**
 * A service name becomes an ECS service name and the start of target group names
 * (`<first 20 chars>-<6 hex>`), so it must start with a letter or digit and use only letters,
 * digits and hyphens.
 */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** The target group name prefix rails uses for a service. */
export function targetGroupPrefix(serviceName: string): string {
  return serviceName.slice(0, 20);
}

/** S3 bucket names: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit, not an IP. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'may contain only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'may not look like an IP address';
  if (name.includes('..')) return 'may not contain two dots in a row';
  return undefined;
}

/** Counts the `*` and `?` wildcards AWS counts toward its 5-per-rule quota. */
export function wildcardCount(value: string): number {
  return (value.match(/[*?]/g) ?? []).length;
}
