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
  const snapshot = await readRail(aws, selector);
  const report = buildStatus(snapshot);
  const api = selector.api;
  // An API named by --api that is not there is a usage error (the lists were read: else it is a read error).
  if (
    api?.from === 'flag' &&
    report.api?.state === 'not-found' &&
    !/could not be listed/.test(report.api.reasons[0]?.message ?? '')
  )
    throw new UsageError(`--api ${api.ref}: no REST or HTTP API has that id or name in this region`, {
      hint: 'give the id (or the name) of an API Gateway REST or HTTP API: `aws apigateway get-rest-apis`, `aws apigatewayv2 get-apis` list them',
    });
  if (selector.service && report.services.length === 0)
    throw new UsageError(
      `--service ${selector.service}: no ECS service of that name feeds the ALB ${selector.albName}`,
      {
        hint: 'run `rails status` without --service to see the services of the rail',
      },
    );
  return report;
}
