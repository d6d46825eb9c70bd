/** The seeded CloudWatch Logs environment: the awslogs group of the seeded task definition. */
import { SEED_LOG_GROUP } from '../../core/seed-ids.js';
import type { Sandbox } from '../../core/types.js';
import { createGroup } from './groups.js';

export function seedLogs(sb: Sandbox): void {
  createGroup(sb, SEED_LOG_GROUP, sb.region);
}
