/**
 * Listener and rule actions: exactly one terminal action (forward, redirect or fixed-response),
 * placed last; forward weights 0-999 and at most 5 target groups; redirects that change something;
 * fixed-response codes 2XX/4XX/5XX; target groups that fit the listener (protocol, VPC, one LB).
 */
import { AwsError, validationError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { bool, int, list, oneOf, str } from './input.js';
import { findTargetGroup, targetGroupLoadBalancerArns, targetGroupNotFound } from './lookup.js';
import type { Action, LoadBalancer } from './state.js';

const TERMINAL = ['forward', 'redirect', 'fixed-response'];
const ACTION_TYPES = [
  'forward',
  'redirect',
  'fixed-response',
  'authenticate-oidc',
  'authenticate-cognito',
] as const;
const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];
const PLACEHOLDER = /#\{([^}]*)\}/g;
const PLACEHOLDERS = ['protocol', 'host', 'port', 'path', 'query'];

/** Which target-group protocols each listener protocol may forward to. */
const COMPATIBLE: Record<string, string[]> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
};

/** What an action is checked against: the load balancer and the listener it belongs to. */
export interface ActionContext {
  sb: Sandbox;
  lb: LoadBalancer;
  listenerProtocol: string;
  listenerPort: number;
}

function invalidAction(message: string): AwsError {
  return new AwsError('InvalidLoadBalancerAction', message);
}

function checkTargetGroup(ctx: ActionContext, arn: string): void {
  const tg = findTargetGroup(ctx.sb, arn);
  if (!tg) throw targetGroupNotFound();
  if (tg.targetType === 'alb' && ctx.listenerProtocol !== 'TCP') {
    throw new AwsError(
      'IncompatibleProtocols',
      `Target group '${arn}' of target type 'alb' can be used only with TCP listeners`,
    );
  }
  const lambda = tg.targetType === 'lambda';
  const fits = lambda
    ? ctx.lb.type === 'application'
    : (COMPATIBLE[ctx.listenerProtocol] ?? []).includes(tg.protocol ?? '');
  if (!fits) {
    throw new AwsError(
      'IncompatibleProtocols',
      `The protocol of target group '${arn}' (${tg.protocol ?? 'lambda'}) is incompatible with the listener protocol '${ctx.listenerProtocol}'`,
    );
  }
  if (!lambda && tg.vpcId !== ctx.lb.vpcId) {
    throw new AwsError(
      'InvalidConfigurationRequest',
      `Target group '${arn}' is in VPC '${tg.vpcId}', not in the load balancer's VPC '${ctx.lb.vpcId}'`,
    );
  }
  const others = targetGroupLoadBalancerArns(ctx.sb, arn).filter((lbArn) => lbArn !== ctx.lb.arn);
  if (others.length > 0) {
    throw new AwsError(
      'TargetGroupAssociationLimit',
      `The following target groups cannot be associated with more than one load balancer: ${arn}`,
    );
  }
}

function forwardAction(ctx: ActionContext, raw: any, base: Action): Action {
  const single = str(raw.TargetGroupArn);
  const groups = list<any>(raw.ForwardConfig?.TargetGroups);
  if (!single && !groups?.length)
    throw validationError('A target group ARN must be specified for a forward action');
  const entries = groups?.length
    ? groups.map((g, i) => ({
        TargetGroupArn: str(g?.TargetGroupArn) ?? '',
        Weight: int(g?.Weight, `actions.forwardConfig.targetGroups.${i + 1}.weight`, 0, 999) ?? 1,
      }))
    : [{ TargetGroupArn: single!, Weight: 1 }];
  if (single && groups?.length && (entries.length !== 1 || entries[0]!.TargetGroupArn !== single)) {
    throw validationError('TargetGroupArn and ForwardConfig must name the same single target group');
  }
  if (entries.length > 5) throw validationError('A forward action can have at most 5 target groups');
  if (new Set(entries.map((e) => e.TargetGroupArn)).size !== entries.length) {
    throw validationError('A target group can appear only once in a forward action');
  }
  if (ctx.lb.type === 'network') {
    if (entries.length > 1)
      throw validationError(`A listener of a network load balancer can forward to one target group only`);
    if (groups?.some((g) => g?.Weight !== undefined)) {
      throw validationError(`You cannot specify a target group weight on load balancers of type 'network'`);
    }
  }
  for (const e of entries) checkTargetGroup(ctx, e.TargetGroupArn);
  const sticky = raw.ForwardConfig?.TargetGroupStickinessConfig;
  if (ctx.lb.type === 'network') {
    if (bool(sticky?.Enabled)) {
      throw validationError(`Target group stickiness cannot be enabled on load balancers of type 'network'`);
    }
    // NLB forwards carry no weights or group stickiness.
    const arn = entries[0]!.TargetGroupArn;
    return { ...base, TargetGroupArn: arn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: arn }] } };
  }
  const enabled = bool(sticky?.Enabled) ?? false;
  const duration = int(sticky?.DurationSeconds, 'targetGroupStickinessConfig.durationSeconds', 1, 604800);
  if (enabled && duration === undefined) {
    throw validationError('A duration must be specified when target group stickiness is enabled');
  }
  return {
    ...base,
    ...(entries.length === 1 ? { TargetGroupArn: entries[0]!.TargetGroupArn } : {}),
    ForwardConfig: {
      TargetGroups: entries,
      TargetGroupStickinessConfig: {
        Enabled: enabled,
        ...(duration !== undefined ? { DurationSeconds: duration } : {}),
      },
    },
  };
}

function checkPlaceholders(field: string, value: string): void {
  for (const m of value.matchAll(PLACEHOLDER)) {
    if (!PLACEHOLDERS.includes(m[1]!))
      throw validationError(`The redirect ${field} has an unknown placeholder '#{${m[1]}}'`);
  }
}

function redirectAction(ctx: ActionContext, raw: any, base: Action): Action {
  const cfg = raw.RedirectConfig ?? {};
  const StatusCode = oneOf(cfg.StatusCode, 'redirectConfig.statusCode', ['HTTP_301', 'HTTP_302']);
  if (!StatusCode) throw validationError('A status code must be specified for a redirect action');
  const Protocol = str(cfg.Protocol) ?? '#{protocol}';
  if (!['HTTP', 'HTTPS', '#{protocol}'].includes(Protocol)) {
    throw validationError(`Redirect protocol '${Protocol}' must be one of 'HTTP, HTTPS, #{protocol}'`);
  }
  const Port = str(cfg.Port) ?? '#{port}';
  if (Port !== '#{port}' && !(/^\d+$/.test(Port) && Number(Port) >= 1 && Number(Port) <= 65535)) {
    throw validationError(`Redirect port '${Port}' must be between 1 and 65535 or '#{port}'`);
  }
  const Host = str(cfg.Host) ?? '#{host}';
  const Path = str(cfg.Path) ?? '/#{path}';
  const Query = str(cfg.Query) ?? '#{query}';
  if (Host.length < 1 || Host.length > 128) throw validationError('Redirect host must be 1-128 characters');
  if (Path.length < 1 || Path.length > 128 || !Path.startsWith('/')) {
    throw validationError(`Redirect path '${Path}' must start with '/' and be 1-128 characters`);
  }
  if (Query.length > 128 || Query.startsWith('?')) {
    throw validationError(`Redirect query '${Query}' must be at most 128 characters, without a leading '?'`);
  }
  checkPlaceholders('host', Host);
  checkPlaceholders('path', Path);
  checkPlaceholders('query', Query);
  const sameProtocol = Protocol === '#{protocol}' || Protocol === ctx.listenerProtocol;
  const samePort = Port === '#{port}' || Number(Port) === ctx.listenerPort;
  if (sameProtocol && samePort && Host === '#{host}' && Path === '/#{path}') {
    throw invalidAction(
      'The redirect must change at least one of the protocol, port, host or path, or it would loop',
    );
  }
  if (ctx.listenerProtocol === 'HTTPS' && Protocol === 'HTTP') {
    throw invalidAction('A redirect from HTTPS to HTTP is not allowed');
  }
  return { ...base, RedirectConfig: { Protocol, Port, Host, Path, Query, StatusCode } };
}

function fixedResponseAction(raw: any, base: Action): Action {
  const cfg = raw.FixedResponseConfig ?? {};
  const StatusCode = str(cfg.StatusCode);
  if (!StatusCode || !/^[245]\d\d$/.test(StatusCode)) {
    throw validationError(`Fixed response status code '${StatusCode ?? ''}' must be 2XX, 4XX or 5XX`);
  }
  const ContentType = str(cfg.ContentType);
  if (ContentType && !CONTENT_TYPES.includes(ContentType)) {
    throw validationError(
      `Fixed response content type '${ContentType}' must be one of '${CONTENT_TYPES.join(', ')}'`,
    );
  }
  const MessageBody = str(cfg.MessageBody);
  if (MessageBody && MessageBody.length > 1024)
    throw validationError('A fixed response body can be at most 1024 characters');
  return {
    ...base,
    FixedResponseConfig: {
      StatusCode,
      ...(ContentType ? { ContentType } : {}),
      ...(MessageBody ? { MessageBody } : {}),
    },
  };
}

/** Validates a listener's default actions or a rule's actions and returns their stored form. */
export function resolveActions(ctx: ActionContext, input: unknown): Action[] {
  const raw = list<any>(input) ?? [];
  if (raw.length === 0) throw validationError('At least one action must be specified');
  const types = raw.map((a, i) => oneOf(a?.Type, `actions.${i + 1}.member.type`, ACTION_TYPES));
  if (types.some((t) => t === undefined)) throw validationError('An action type must be specified');
  if (ctx.lb.type === 'network' && types.some((t) => t !== 'forward')) {
    throw invalidAction(`Listeners of network load balancers support only 'forward' actions`);
  }
  if (types.some((t) => t!.startsWith('authenticate-'))) {
    throw invalidAction('Authenticate actions are not supported by the sandbox');
  }
  if (raw.length > 1 && raw.some((a) => a?.Order === undefined)) {
    throw validationError('An order must be specified for each action when there are several actions');
  }
  if (types.filter((t) => TERMINAL.includes(t!)).length > 1) {
    throw new AwsError(
      'TooManyActions',
      'Only one forward, redirect or fixed-response action can be specified',
    );
  }
  const actions = raw.map((a, i) => {
    const Order = int(a.Order, `actions.${i + 1}.member.order`, 1, 50000);
    const base: Action = { Type: types[i]!, ...(Order !== undefined ? { Order } : {}) };
    if (base.Type === 'forward') return forwardAction(ctx, a, base);
    if (base.Type === 'redirect') return redirectAction(ctx, a, base);
    return fixedResponseAction(a, base);
  });
  return actions;
}
