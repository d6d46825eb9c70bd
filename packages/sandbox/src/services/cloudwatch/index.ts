/**
 * CloudWatch (awsJson1_0, query-compatible: target GraniteServiceVersion20100801). Handlers throw
 * query codes (InvalidParameterValue, MissingParameter...); the core encodes the JSON error shape and
 * the `x-amzn-query-error` header the SDK reads. Other sandbox services publish metrics in any
 * namespace through `recordDatapoints()`.
 */
import type { ServiceDefinition } from '../../core/types.js';
import { getMetricStatistics } from './get-metric-statistics.js';
import { putMetricData } from './put-metric-data.js';
import { readOperations } from './read-metrics.js';
import { CLOUDWATCH_STATE_KEY, emptyCloudWatchState } from './state.js';

export const cloudwatchService: ServiceDefinition = {
  signingName: 'monitoring',
  protocol: 'awsJson1_0',
  stateKey: CLOUDWATCH_STATE_KEY,
  emptyState: emptyCloudWatchState,
  targetPrefix: 'GraniteServiceVersion20100801',
  operations: { PutMetricData: putMetricData, ...readOperations, GetMetricStatistics: getMetricStatistics },
};

export { recordDatapoints } from './record-datapoints.js';
