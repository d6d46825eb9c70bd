/**
 * The checks of rail.yaml that need AWS: subnets (exist, in the VPC, two AZs), the certificate, the
 * task definitions (the named container and port, Fargate-ready), extra security groups and the
 * access-log buckets (Region, and the delivery grant of a bucket rails did not make). They run
 * on what discovery read, before the first mutating call; every problem names its field.
 */

import type { AwsClients } from '../aws/clients.js';
import type { RailConfig } from '../config/schema.js';
import type { ConfigProblem } from '../errors.js';
import { accessLogProblems } from './access-log-buckets.js';
import { discoverRail, type Observed, taskDefinitionRef } from './discover.js';

/** The names a certificate covers: its domain and subject alternative names. */
export function certificateNames(cert: {
  DomainName?: string;
  SubjectAlternativeNames?: string[];
}): string[] {
  return [
    ...new Set([cert.DomainName, ...(cert.SubjectAlternativeNames ?? [])].filter((n): n is string => !!n)),
  ];
}

/**
 * True when a certificate name covers a host: equal, or `*.example.com` covering exactly one more
 * label (`api.example.com`, not `a.b.example.com` nor `example.com`), case-insensitively.
 */
export function certificateCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

export function awsProblems(rail: RailConfig, seen: Observed): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!seen.vpc) {
    problems.push({ path: 'vpc', message: `VPC ${rail.vpc} does not exist in this account and region` });
  }
  const byId = new Map(seen.subnets.map((s) => [s.SubnetId!, s]));
  const checkSubnet = (id: string, path: string) => {
    const s = byId.get(id);
    if (!s) problems.push({ path, message: `subnet ${id} does not exist in this account and region` });
    else if (seen.vpc && s.VpcId !== rail.vpc)
      problems.push({ path, message: `subnet ${id} is in ${s.VpcId}, not in the rail's VPC ${rail.vpc}` });
  };
  for (const [i, id] of rail.subnets.entries()) checkSubnet(id, `subnets[${i}]`);
  const zones = new Set(rail.subnets.map((id) => byId.get(id)?.AvailabilityZone).filter(Boolean));
  if (rail.subnets.every((id) => byId.has(id)) && zones.size < 2) {
    problems.push({
      path: 'subnets',
      message: `the subnets are all in ${[...zones].join(', ')}; an ALB needs subnets in at least two Availability Zones`,
    });
  }
  if (!seen.certificate) {
    problems.push({
      path: 'certificate',
      message: `ACM certificate ${rail.certificate} does not exist in this account and region`,
    });
  } else if (seen.certificate.Status && seen.certificate.Status !== 'ISSUED') {
    problems.push({
      path: 'certificate',
      message: `ACM certificate ${rail.certificate} is ${seen.certificate.Status}; listeners need an ISSUED certificate`,
    });
  }
  const domain = rail.apiGateway?.domainName;
  if (domain && seen.certificate) {
    const names = certificateNames(seen.certificate);
    if (!names.some((n) => certificateCovers(n, domain)))
      problems.push({
        path: 'apiGateway.domainName',
        message: `${domain} is not covered by certificate ${rail.certificate} (it covers: ${names.join(', ') || 'no names'}); API Gateway refuses a custom domain its certificate does not name`,
      });
  }

  const groupIds = new Set([...seen.securityGroups.values()].map((g) => g.GroupId));
  rail.services.forEach((svc, i) => {
    for (const [j, id] of svc.subnets.entries()) checkSubnet(id, `services[${i}].subnets[${j}]`);
    svc.securityGroups.forEach((id, j) => {
      if (!groupIds.has(id))
        problems.push({
          path: `services[${i}].securityGroups[${j}]`,
          message: `security group ${id} is not in the VPC ${rail.vpc}`,
        });
    });
    if (!svc.taskDefinition) return; // the `image:` shorthand registers its own
    const found = seen.taskDefinitions.get(taskDefinitionRef(rail, svc));
    if (!found) {
      problems.push({
        path: `services[${i}].taskDefinition`,
        message: `task definition ${svc.taskDefinition} does not exist (register it first, or give image: instead)`,
      });
      return;
    }
    const td = found.taskDefinition;
    const container = td.containerDefinitions?.find((c) => c.name === svc.container);
    if (!container) {
      const names = (td.containerDefinitions ?? []).map((c) => c.name).join(', ');
      problems.push({
        path: `services[${i}].container`,
        message: `task definition ${td.family}:${td.revision} has no container '${svc.container}' (it has: ${names || 'none'})`,
      });
    } else if (!(container.portMappings ?? []).some((p) => p.containerPort === svc.port)) {
      const ports = (container.portMappings ?? []).map((p) => p.containerPort).join(', ');
      problems.push({
        path: `services[${i}].port`,
        message: `container '${svc.container}' of ${td.family}:${td.revision} does not map port ${svc.port} (it maps: ${ports || 'none'})`,
      });
    }
    if (
      td.networkMode !== 'awsvpc' ||
      !(td.requiresCompatibilities ?? td.compatibilities ?? []).includes('FARGATE')
    ) {
      problems.push({
        path: `services[${i}].taskDefinition`,
        message: `task definition ${td.family}:${td.revision} is not Fargate-ready (needs networkMode awsvpc and FARGATE compatibility)`,
      });
    }
  });
  problems.push(...accessLogProblems(seen.accessLogs));
  return problems;
}

/** Reads the rail and returns every field AWS disagrees with (`rails validate --aws`); reads only. */
export async function checkAgainstAws(aws: AwsClients, rail: RailConfig): Promise<ConfigProblem[]> {
  return awsProblems(rail, await discoverRail(aws, rail));
}
