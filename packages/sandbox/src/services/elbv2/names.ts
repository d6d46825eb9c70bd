/** Name rules shared by load balancers and target groups (ValidationError on breach, as AWS). */
import { validationError } from '../../core/aws-error.js';

/**
 * <=32 characters, alphanumerics and hyphens, no leading or trailing hyphen; load balancer names
 * also may not start with `internal-` (it would clash with internal DNS names).
 */
export function checkResourceName(kind: 'Load balancer' | 'Target group', name: string | undefined): string {
  if (!name) throw validationError(`${kind} name must be specified`);
  if (name.length > 32) throw validationError(`${kind} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw validationError(
      `${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
    );
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    throw validationError(`${kind} name '${name}' cannot begin or end with '-'`);
  }
  if (kind === 'Load balancer' && name.toLowerCase().startsWith('internal-')) {
    throw validationError(`Load balancer name '${name}' cannot begin with 'internal-'`);
  }
  return name;
}
