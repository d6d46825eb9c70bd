/**
 * The ELBv2 calls that change things, plus the attribute reads the rail compares against. Thin: each
 * takes the SDK input and returns the SDK output, so callers see AWS's own shapes and errors.
 */
import {
  AddTagsCommand,
  type AddTagsCommandInput,
  CreateListenerCommand,
  type CreateListenerCommandInput,
  CreateLoadBalancerCommand,
  type CreateLoadBalancerCommandInput,
  CreateRuleCommand,
  type CreateRuleCommandInput,
  CreateTargetGroupCommand,
  type CreateTargetGroupCommandInput,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeTargetGroupAttributesCommand,
  type Listener,
  type LoadBalancer,
  ModifyListenerCommand,
  type ModifyListenerCommandInput,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  type ModifyRuleCommandInput,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  type ModifyTargetGroupCommandInput,
  RegisterTargetsCommand,
  type Rule,
  SetRulePrioritiesCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  type TargetDescription,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from './clients.js';

function toRecord(attrs: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((attrs ?? []).filter((a) => a.Key).map((a) => [a.Key!, a.Value ?? '']));
}

function toList(attrs: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(attrs).map(([Key, Value]) => ({ Key, Value }));
}

export async function loadBalancerAttributes(aws: AwsClients, arn: string): Promise<Record<string, string>> {
  const out = await (await aws.elbv2()).send(
    new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }),
  );
  return toRecord(out.Attributes);
}

export async function targetGroupAttributes(aws: AwsClients, arn: string): Promise<Record<string, string>> {
  const out = await (await aws.elbv2()).send(
    new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }),
  );
  return toRecord(out.Attributes);
}

export async function createLoadBalancer(
  aws: AwsClients,
  input: CreateLoadBalancerCommandInput,
): Promise<LoadBalancer> {
  const out = await (await aws.elbv2()).send(new CreateLoadBalancerCommand(input));
  return out.LoadBalancers![0]!;
}

export async function setLoadBalancerAttributes(
  aws: AwsClients,
  arn: string,
  attrs: Record<string, string>,
): Promise<void> {
  await (await aws.elbv2()).send(
    new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: toList(attrs) }),
  );
}

export async function setSubnets(aws: AwsClients, arn: string, subnets: string[]): Promise<void> {
  await (await aws.elbv2()).send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: subnets }));
}

export async function setSecurityGroups(aws: AwsClients, arn: string, groups: string[]): Promise<void> {
  await (await aws.elbv2()).send(
    new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: groups }),
  );
}

export async function createTargetGroup(
  aws: AwsClients,
  input: CreateTargetGroupCommandInput,
): Promise<TargetGroup> {
  const out = await (await aws.elbv2()).send(new CreateTargetGroupCommand(input));
  return out.TargetGroups![0]!;
}

export async function modifyTargetGroup(
  aws: AwsClients,
  input: ModifyTargetGroupCommandInput,
): Promise<void> {
  await (await aws.elbv2()).send(new ModifyTargetGroupCommand(input));
}

export async function setTargetGroupAttributes(
  aws: AwsClients,
  arn: string,
  attrs: Record<string, string>,
): Promise<void> {
  await (await aws.elbv2()).send(
    new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: toList(attrs) }),
  );
}

export async function createListener(aws: AwsClients, input: CreateListenerCommandInput): Promise<Listener> {
  const out = await (await aws.elbv2()).send(new CreateListenerCommand(input));
  return out.Listeners![0]!;
}

export async function modifyListener(aws: AwsClients, input: ModifyListenerCommandInput): Promise<void> {
  await (await aws.elbv2()).send(new ModifyListenerCommand(input));
}

export async function createRule(aws: AwsClients, input: CreateRuleCommandInput): Promise<Rule> {
  const out = await (await aws.elbv2()).send(new CreateRuleCommand(input));
  return out.Rules![0]!;
}

export async function modifyRule(aws: AwsClients, input: ModifyRuleCommandInput): Promise<void> {
  await (await aws.elbv2()).send(new ModifyRuleCommand(input));
}

export async function setRulePriorities(
  aws: AwsClients,
  priorities: { RuleArn: string; Priority: number }[],
): Promise<void> {
  await (await aws.elbv2()).send(new SetRulePrioritiesCommand({ RulePriorities: priorities }));
}

export async function addTags(aws: AwsClients, input: AddTagsCommandInput): Promise<void> {
  await (await aws.elbv2()).send(new AddTagsCommand(input));
}

export async function registerTargets(
  aws: AwsClients,
  arn: string,
  targets: TargetDescription[],
): Promise<void> {
  await (await aws.elbv2()).send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: targets }));
}

export async function deregisterTargets(
  aws: AwsClients,
  arn: string,
  targets: TargetDescription[],
): Promise<void> {
  await (await aws.elbv2()).send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: targets }));
}

export async function deleteRule(aws: AwsClients, arn: string): Promise<void> {
  await (await aws.elbv2()).send(new DeleteRuleCommand({ RuleArn: arn }));
}

export async function deleteListener(aws: AwsClients, arn: string): Promise<void> {
  await (await aws.elbv2()).send(new DeleteListenerCommand({ ListenerArn: arn }));
}

export async function deleteTargetGroup(aws: AwsClients, arn: string): Promise<void> {
  await (await aws.elbv2()).send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
}

export async function deleteLoadBalancer(aws: AwsClients, arn: string): Promise<void> {
  await (await aws.elbv2()).send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
}
