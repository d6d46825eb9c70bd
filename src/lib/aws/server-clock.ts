/**
 * AWS's clock as the SDK knows it. The SDK sets a client's `systemClockOffset` from the `Date` header of
 * each response (server time minus local time), so once one call of the client has answered, local
 * time plus that offset is the service's time: a window such as "the last 15 minutes" of metrics is
 * then AWS's last 15 minutes even when this machine's clock is off.
 */
export function serviceNow(client: { config: { systemClockOffset?: number } }): number {
  return Date.now() + (client.config.systemClockOffset ?? 0);
}
