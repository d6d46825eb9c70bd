/** Terminal actions and forward targets, as status, trace, the rail's diff and the sync read them. */
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import {
  type ForwardTarget,
  forwardTargetArns,
  forwardTargets,
  terminalAction,
} from '../../src/lib/observe/alb-actions.js';

const BLUE = 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/blue/1';
const GREEN = 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/green/2';
const OTHER = 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/other/3';

const plain = (arn: string): Action => ({ Type: 'forward', TargetGroupArn: arn });
/** A plain forward as AWS describes it: the ARN and a ForwardConfig of that one group, weight 1. */
const described = (arn: string): Action => ({
  Type: 'forward',
  TargetGroupArn: arn,
  ForwardConfig: { TargetGroups: [{ TargetGroupArn: arn, Weight: 1 }] },
});
const weighted = (...groups: [string, number | undefined][]): Action => ({
  Type: 'forward',
  ForwardConfig: { TargetGroups: groups.map(([TargetGroupArn, Weight]) => ({ TargetGroupArn, Weight })) },
});
const fixed: Action = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } };
const redirect: Action = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } };

describe('forwardTargets', () => {
  const cases: [string, Action | Action[] | undefined, ForwardTarget[]][] = [
    ['no actions', undefined, []],
    ['an empty list', [], []],
    ['a plain forward', plain(BLUE), [{ arn: BLUE }]],
    ['a plain forward as AWS describes it: no weight', described(BLUE), [{ arn: BLUE }]],
    ['a ForwardConfig of one group without the ARN beside it', weighted([BLUE, 1]), [{ arn: BLUE }]],
    [
      'a weighted forward: every group with its weight, in AWS order',
      weighted([GREEN, 0], [BLUE, 100]),
      [
        { arn: GREEN, weight: 0 },
        { arn: BLUE, weight: 100 },
      ],
    ],
    [
      'a weight AWS left out counts as 1',
      weighted([BLUE, undefined], [GREEN, 3]),
      [
        { arn: BLUE, weight: 1 },
        { arn: GREEN, weight: 3 },
      ],
    ],
    [
      'a group without an ARN is skipped',
      {
        Type: 'forward',
        ForwardConfig: { TargetGroups: [{ Weight: 5 }, { TargetGroupArn: BLUE, Weight: 2 }] },
      },
      [{ arn: BLUE, weight: 2 }],
    ],
    [
      'an empty ForwardConfig falls back to the ARN',
      { Type: 'forward', TargetGroupArn: BLUE, ForwardConfig: { TargetGroups: [] } },
      [{ arn: BLUE }],
    ],
    ['a fixed response sends nowhere', fixed, []],
    ['a redirect sends nowhere', redirect, []],
    [
      'a list: the forwards of every action, each group once',
      [plain(BLUE), fixed, described(GREEN), plain(BLUE)],
      [{ arn: BLUE }, { arn: GREEN }],
    ],
    [
      'a list: a group forwarded twice keeps its first reading',
      [weighted([BLUE, 10], [GREEN, 90]), plain(GREEN), plain(OTHER)],
      [{ arn: BLUE, weight: 10 }, { arn: GREEN, weight: 90 }, { arn: OTHER }],
    ],
  ];
  it.each(cases)('%s', (_name, actions, expected) => {
    expect(forwardTargets(actions)).toEqual(expected);
  });

  it('reads a listener default action typed loosely (only Type, TargetGroupArn, ForwardConfig)', () => {
    const defaults = [{ Type: 'forward' as const, TargetGroupArn: BLUE }];
    expect(forwardTargetArns(defaults)).toEqual([BLUE]);
  });

  it('forwardTargetArns keeps the order; callers that compare sets sort', () => {
    const actions = [weighted([GREEN, 0], [BLUE, 100]), plain(OTHER)];
    expect(forwardTargetArns(actions)).toEqual([GREEN, BLUE, OTHER]);
    expect(forwardTargetArns(actions).sort()).toEqual([BLUE, GREEN, OTHER]);
  });
});

describe('terminalAction', () => {
  const auth: Action = { Type: 'authenticate-oidc', Order: 1 };
  const cases: [string, Action[] | undefined, Action | undefined][] = [
    ['no actions', undefined, undefined],
    ['one action', [fixed], fixed],
    [
      'authenticate first, forward last by Order',
      [{ ...plain(BLUE), Order: 2 }, auth],
      { ...plain(BLUE), Order: 2 },
    ],
    ['without Order, the last listed', [redirect, fixed], fixed],
  ];
  it.each(cases)('%s', (_name, actions, expected) => {
    expect(terminalAction(actions)).toEqual(expected);
  });
});
