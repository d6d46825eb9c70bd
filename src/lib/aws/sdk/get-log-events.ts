// Loaded when a stopped task's last lines are read: otherwise no CloudWatch Logs command, schema or
// error class is initialised by `status`.
export { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
