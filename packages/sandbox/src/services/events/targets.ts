/**
 * PutTargets (upsert by Id, at most 5 targets per rule), ListTargetsByRule, RemoveTargets. Problems
 * with single entries do not fail the call: they come back in FailedEntries of a 200, as on AWS.
 */
import type { OperationHandler } from '../../core/types.js';
import { getRule, validation } from './rules.js';
import type { Target } from './state.js';

const MAX_TARGETS_PER_RULE = 5;
const TARGET_ID = /^[.\-_A-Za-z0-9]{1,64}$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;

interface FailedEntry {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** Why one target cannot be stored, or undefined. */
function targetProblem(t: Target): string | undefined {
  if (typeof t.Arn !== 'string' || !ARN.test(t.Arn))
    return `Parameter ${String(t.Arn)} is not valid. Reason: Provided Arn is not in correct format.`;
  if (t.Input !== undefined && t.InputPath !== undefined)
    return 'Only one of Input, InputPath, or InputTransformer must be provided.';
  if (t.Input !== undefined) {
    if (t.Input.length > 8192) return 'Input exceeds the maximum length of 8192.';
    try {
      JSON.parse(t.Input);
    } catch {
      return 'Input is not valid JSON text.';
    }
  }
  return undefined;
}

const putTargets: OperationHandler = (input, ctx) => {
  const rule = getRule(ctx.sb, input.Rule, input.EventBusName);
  const targets: Target[] = input.Targets ?? [];
  if (targets.length < 1 || targets.length > 10) {
    throw validation(
      `1 validation error detected: Value '[...]' at 'targets' failed to satisfy constraint: Member must have length ${targets.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
    );
  }
  for (const t of targets) {
    if (typeof t.Id !== 'string' || !TARGET_ID.test(t.Id)) {
      throw validation(
        `1 validation error detected: Value '${String(t.Id)}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
      );
    }
  }
  const failed: FailedEntry[] = [];
  for (const t of targets) {
    const problem = targetProblem(t);
    if (problem) {
      failed.push({ TargetId: t.Id, ErrorCode: 'ValidationException', ErrorMessage: problem });
      continue;
    }
    const at = rule.targets.findIndex((x) => x.Id === t.Id);
    if (at >= 0) {
      rule.targets[at] = { ...t };
      continue;
    }
    if (rule.targets.length >= MAX_TARGETS_PER_RULE) {
      failed.push({
        TargetId: t.Id,
        ErrorCode: 'LimitExceededException',
        ErrorMessage: `The requested resource exceeds the maximum number allowed. A rule can have at most ${MAX_TARGETS_PER_RULE} targets.`,
      });
      continue;
    }
    rule.targets.push({ ...t });
  }
  ctx.sb.markDirty();
  return { FailedEntryCount: failed.length, FailedEntries: failed };
};

const listTargetsByRule: OperationHandler = (input, ctx) => {
  const rule = getRule(ctx.sb, input.Rule, input.EventBusName);
  const limit = Math.min(Number(input.Limit ?? 100) || 100, ctx.sb.settings.maxPageSize ?? 100);
  const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString()) || 0 : 0;
  const next =
    start + limit < rule.targets.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
  return { Targets: rule.targets.slice(start, start + limit), ...(next ? { NextToken: next } : {}) };
};

const removeTargets: OperationHandler = (input, ctx) => {
  const rule = getRule(ctx.sb, input.Rule, input.EventBusName);
  const ids: string[] = input.Ids ?? [];
  if (ids.length < 1 || ids.length > 100) {
    throw validation(
      "1 validation error detected: Value '[]' at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  rule.targets = rule.targets.filter((t) => !ids.includes(t.Id));
  ctx.sb.markDirty();
  return { FailedEntryCount: 0, FailedEntries: [] };
};

export const targetOperations: Record<string, OperationHandler> = {
  PutTargets: putTargets,
  ListTargetsByRule: listTargetsByRule,
  RemoveTargets: removeTargets,
};
