/**
 * The status engine: one read of the rail and its model. The command decides how often to call it and
 * how to show the result (text, --json, --watch); the engine neither prints nor loops.
 */
import type { AwsClients } from '../aws/clients.js';
import { UsageError } from '../errors.js';
import { readRail } from '../observe/read-rail.js';
import type { RailSelector } from '../observe/snapshot.js';
import { buildStatus } from './build-status.js';
import type { StatusReport } from './model.js';

/** Reads the rail once and returns its status model; UsageError when --service names no service of it. */
export async function railStatus(aws: AwsClients, selector: RailSelector): Promise<StatusReport> {
  const report = buildStatus(await readRail(aws, selector));
  if (selector.service && report.services.length === 0)
    throw new UsageError(
      `--service ${selector.service}: no ECS service of that name feeds the ALB ${selector.albName}`,
      {
        hint: 'run `rails status` without --service to see the services of the rail',
      },
    );
  return report;
}
