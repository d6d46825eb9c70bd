/** Shared by the CloudWatch Logs tests: a sandbox per file, its SDK client, and call helpers. */
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  type InputLogEvent,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { sandboxPerFile, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

export function logsSandbox(): TestSandbox {
  return sandboxPerFile(() => startTestSandbox({ empty: true }));
}

/** Sends any Logs command (the SDK's per-command types are not needed here). */
export const sender =
  (t: TestSandbox) =>
  (cmd: unknown): Promise<any> =>
    t.sdk.logs.send(cmd as any);

/** A group with one stream holding the given events. */
export async function groupWithEvents(
  t: TestSandbox,
  group: string,
  stream: string,
  events: InputLogEvent[],
) {
  const send = sender(t);
  await send(new CreateLogGroupCommand({ logGroupName: group }));
  await send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  if (events.length > 0)
    await send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
}
