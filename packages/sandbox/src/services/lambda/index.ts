/**
 * Lambda (restJson1): functions with Pending/Active states and in-progress updates, resource
 * policies, and an Invoke that really runs Node.js handlers in warm child processes.
 * Control verb `logs` {function} -> {lines}: the function's log, read from its CloudWatch Logs group
 * `/aws/lambda/<name>`.
 */

import { AwsError } from '../../core/aws-error.js';
import type { ServiceDefinition } from '../../core/types.js';
import { functionNameOf } from './lifecycle.js';
import { functionLogs, moveLegacyLogs } from './logs.js';
import { lambdaRouter } from './router.js';
import { emptyLambdaState, LAMBDA_STATE_KEY } from './state.js';
import { stopAllWorkers } from './workers.js';

export const lambdaService: ServiceDefinition = {
  signingName: 'lambda',
  protocol: 'restJson1',
  stateKey: LAMBDA_STATE_KEY,
  emptyState: emptyLambdaState,
  rest: lambdaRouter,
  init: moveLegacyLogs,
  // Warm workers are child processes: they end with the sandbox, not 120 s later.
  shutdown: stopAllWorkers,
  control: {
    logs: (body: { function?: string }, sb) => {
      if (typeof body?.function !== 'string' || body.function === '')
        throw new AwsError('ValidationException', 'give {"function": "<name or ARN>"}', 400);
      return { lines: functionLogs(sb, functionNameOf(body.function)) };
    },
  },
};
