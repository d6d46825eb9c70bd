// One client class per module: a dynamic import of the package itself would keep every command.
export { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
