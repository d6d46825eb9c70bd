/** Default tunables of a sandbox; every one can be overridden at start or through the control API. */
import type { SandboxSettings } from './types.js';

/**
 * Short real-time delays: the sandbox models AWS's state machines (provisioning, initial health,
 * propagation) without making tests or demos wait for AWS's real minutes.
 */
export const DEFAULT_SETTINGS: SandboxSettings = {
  timeScale: 1,
  provisionMs: 300,
  healthCheckMs: 300,
  taskStepMs: 100,
  rolePropagationMs: 500,
  lambdaUpdateMs: 200,
  // On the sandbox clock, as AWS's minutes: tests shorten it here rather than speed the clock up.
  vpcLinkProvisionMs: 2 * 60_000,
};

/** Applies a partial settings update, checking types so a bad control call cannot poison state. */
export function mergeSettings(target: SandboxSettings, patch: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_SETTINGS) && key !== 'maxPageSize') {
      problems.push(`unknown setting '${key}'`);
      continue;
    }
    if (key === 'maxPageSize' && (value === null || value === undefined)) {
      delete target.maxPageSize;
      continue;
    }
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (key === 'timeScale' && n === 0)) {
      problems.push(`setting '${key}' must be a positive number, got ${JSON.stringify(value)}`);
      continue;
    }
    (target as unknown as Record<string, number>)[key] = n;
  }
  return problems;
}
