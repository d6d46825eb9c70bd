/**
 * Cross-field rules of rail.yaml that a schema cannot say: routes claimed twice, ALB quotas, AWS's
 * wildcard quota per rule. Each returns problems with the field path they are about.
 */
import type { ConfigProblem } from '../errors.js';
import { wildcardCount } from './names.js';
import type { ApiGatewayConfig, RailConfig } from './schema.js';

/** AWS quotas of one ALB (docs/aws-behaviour.md §13 "Limits that bound the design"). */
export const ALB_MAX_RULES = 100;
export const ALB_MAX_TARGET_GROUPS = 100;
export const RULE_MAX_WILDCARDS = 5;

export function crossFieldProblems(rail: RailConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Map<string, number>();
  const routes = new Map<string, string>();
  let rules = 0;
  let targetGroups = 0;

  rail.services.forEach((s, i) => {
    const first = names.get(s.name);
    if (first !== undefined) {
      problems.push({
        path: `services[${i}].name`,
        message: `'${s.name}' is also the name of services[${first}]; service names must be unique`,
      });
    } else names.set(s.name, i);

    s.paths.forEach((p, j) => {
      const key = `${s.host.toLowerCase()} ${p}`;
      const owner = routes.get(key);
      if (owner !== undefined) {
        problems.push({
          path: `services[${i}].paths[${j}]`,
          message: `${s.host}${p} is already claimed by ${owner}; each host and path may route to one service`,
        });
      } else routes.set(key, `services[${i}] (${s.name})`);
      const wildcards = wildcardCount(s.host) + wildcardCount(p);
      if (wildcards > RULE_MAX_WILDCARDS) {
        problems.push({
          path: `services[${i}].paths[${j}]`,
          message: `'${p}' with host '${s.host}' has ${wildcards} wildcards; AWS allows ${RULE_MAX_WILDCARDS} per rule`,
        });
      }
    });
    // One redirect rule on :80 and one forward rule on :443 per path.
    rules += 2 * s.paths.length;
    targetGroups += s.blueGreen ? 2 : 1;
  });

  if (rules > ALB_MAX_RULES) {
    problems.push({
      path: 'services',
      message: `the services need ${rules} listener rules (two per path); an ALB allows ${ALB_MAX_RULES}. Split the rail or share paths.`,
    });
  }
  if (targetGroups > ALB_MAX_TARGET_GROUPS) {
    problems.push({
      path: 'services',
      message: `the services need ${targetGroups} target groups; an ALB allows ${ALB_MAX_TARGET_GROUPS}.`,
    });
  }
  problems.push(...apiGatewayProblems(rail));
  if (rail.sync.runner === 'lambda' && !rail.sync.bucket && rail.staticIps === 'sync') {
    problems.push({
      path: 'sync.bucket',
      message: 'the sync Lambda keeps its state in S3: give sync.bucket',
    });
  }
  return problems;
}

/** The link version a front door uses: v1 for a REST API unless rail.yaml says, v2 for an HTTP API. */
export function apiVpcLink(api: ApiGatewayConfig): 'v1' | 'v2' {
  return api.vpcLink ?? (api.type === 'http' ? 'v2' : 'v1');
}

/** True when the rail lays an NLB: something reaches it (or staticIps keeps one). */
export function railHasNlb(rail: RailConfig): boolean {
  return rail.staticIps !== 'none';
}

/**
 * Combinations AWS cannot lay (docs/aws-behaviour.md §11): a v1 link reaches only an NLB; an HTTP
 * API has only VPC links v2; `staticIps: none` lays no NLB for the front door to reach.
 */
function apiGatewayProblems(rail: RailConfig): ConfigProblem[] {
  const api = rail.apiGateway;
  const problems: ConfigProblem[] = [];
  if (!api) return problems;
  const link = apiVpcLink(api);
  if (api.type === 'http' && api.vpcLink === 'v1')
    problems.push({
      path: 'apiGateway.vpcLink',
      message:
        'an HTTP API reaches a VPC only through a VPC link v2; v1 links serve REST APIs: set vpcLink: v2 (or type: rest)',
    });
  if (link === 'v1' && api.target === 'alb')
    problems.push({
      path: 'apiGateway.target',
      message:
        'a VPC link v1 reaches only a Network Load Balancer: set target: nlb, or vpcLink: v2 to reach the ALB directly',
    });
  if (rail.staticIps === 'none' && api.target === 'nlb')
    problems.push({
      path: 'staticIps',
      message:
        'staticIps: none lays no NLB, but apiGateway.target is nlb: set apiGateway.target: alb (with vpcLink: v2), or keep an NLB (staticIps: sync or alb-target)',
    });
  problems.push(...apiPathProblems(rail));
  return problems;
}

/**
 * The paths the front door must route (docs/aws-behaviour.md §11, "Deployments and routing"): API Gateway matches a request by its
 * path alone, against literal segments and one greedy `{proxy+}` at the end. So a path with a wildcard
 * elsewhere, or a wildcard host, has no resource that expresses it, and two services on different
 * hosts with one path would need one resource to go to two places: each would be left out of the API.
 */
function apiPathProblems(rail: RailConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const claimed = new Map<string, string>();
  rail.services.forEach((s, i) => {
    if (/[*?]/.test(s.host))
      problems.push({
        path: `services[${i}].host`,
        message: `apiGateway routes by path only and sends to one host per path: '${s.host}' has a wildcard; give the service a literal host`,
      });
    s.paths.forEach((p, j) => {
      const base = p.endsWith('/*') ? p.slice(0, -2) : p;
      if (/[*?]/.test(base)) {
        problems.push({
          path: `services[${i}].paths[${j}]`,
          message: `'${p}': API Gateway matches literal paths and a trailing /* only (its {proxy+}); with apiGateway, write the path without other wildcards`,
        });
        return;
      }
      const key = p.endsWith('/*') ? `${base}/*` : base || '/';
      const owner = claimed.get(key);
      if (owner !== undefined && owner !== s.name)
        problems.push({
          path: `services[${i}].paths[${j}]`,
          message: `'${p}' is also ${owner}'s path: API Gateway routes by path alone, so one path cannot reach two hosts; give each service its own path`,
        });
      else claimed.set(key, s.name);
    });
  });
  return problems;
}
