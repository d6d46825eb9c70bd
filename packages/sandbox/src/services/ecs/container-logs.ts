/**
 * The container log drivers as ECS checks them (ecs/README.md, "Container logs"): at
 * RegisterTaskDefinition only what ECS itself refuses (an unknown driver, Fargate's drivers, its
 * stream prefix and execution role); the awslogs options themselves are the logger's arguments,
 * validated when the task's containers start, where a missing group stops the task.
 */
import type { Sandbox } from '../../core/types.js';
import { createGroup } from '../logs/groups.js';
import { logsState } from '../logs/state.js';
import { clientError } from './input.js';
import type { ContainerDefinition, TaskDefinition } from './state.js';

/** LogConfiguration.logDriver's values (ECS API reference, LogConfiguration). */
const LOG_DRIVERS = [
  'awslogs',
  'fluentd',
  'gelf',
  'json-file',
  'journald',
  'logentries',
  'syslog',
  'splunk',
  'awsfirelens',
];
/** "For tasks on Fargate, the supported log drivers are awslogs, splunk, and awsfirelens." */
const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk', 'awsfirelens'];

/** The container's logConfiguration as ECS stores it, or a ClientException. */
export function checkLogConfiguration(
  container: ContainerDefinition,
  fargate: boolean,
  executionRoleArn: unknown,
): ContainerDefinition['logConfiguration'] {
  const config = container.logConfiguration;
  if (config === undefined || config === null) return undefined;
  const driver = config.logDriver;
  if (typeof driver !== 'string' || !LOG_DRIVERS.includes(driver))
    throw clientError(
      `Log driver ${String(driver)} is not supported. Valid log drivers: ${LOG_DRIVERS.join(', ')}.`,
    );
  if (fargate && !FARGATE_LOG_DRIVERS.includes(driver))
    throw clientError(
      `Fargate does not support log driver ${driver}. Supported: ${FARGATE_LOG_DRIVERS.join(', ')}.`,
    );
  const options: Record<string, string> = {};
  for (const [key, value] of Object.entries((config.options ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string')
      throw clientError(`Log driver ${driver} option '${key}' must be a string.`);
    options[key] = value;
  }
  if (driver === 'awslogs' && fargate) {
    if (!options['awslogs-stream-prefix'])
      throw clientError(
        'Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.',
      );
    if (!executionRoleArn)
      throw clientError(
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
      );
  }
  if (options['awslogs-group'] !== undefined && !/^[.\-_/#A-Za-z0-9]+$/.test(options['awslogs-group']))
    throw clientError("Log driver awslogs option 'awslogs-group' contains invalid characters.");
  return { ...config, logDriver: driver, options };
}

const LOGGER = 'ResourceInitializationError: failed to validate logger args:';

/**
 * What the awslogs logger says when a task's containers start: undefined when every container can
 * log, else the task's stoppedReason. A group with `awslogs-create-group: "true"` is created here,
 * as the logger does with the execution role's logs:CreateLogGroup.
 */
export function startContainerLoggers(sb: Sandbox, td: TaskDefinition): string | undefined {
  for (const c of td.containerDefinitions) {
    const config = c.logConfiguration;
    if (config?.logDriver !== 'awslogs') continue;
    const options: Record<string, string> = config.options ?? {};
    const group = options['awslogs-group'];
    const region = options['awslogs-region'];
    if (!region) return `${LOGGER} unable to get awslogs driver arguments: awslogs-region is required`;
    if (!group) return `${LOGGER} unable to get awslogs driver arguments: awslogs-group is required`;
    if (logsState(sb).groups[group]) continue;
    if (options['awslogs-create-group'] === 'true') {
      createGroup(sb, group, region);
      continue;
    }
    return (
      `${LOGGER} create stream has been retried 1 times: failed to create Cloudwatch log stream: ` +
      'ResourceNotFoundException: The specified log group does not exist. : exit status 1'
    );
  }
  return undefined;
}
