/**
 * Network model shared by the services that place things in subnets: load balancer nodes and Fargate
 * tasks get private IPs from their subnets and appear as network interfaces, as on AWS.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { ec2State, type NetworkInterface, type Subnet, type Vpc } from './state.js';

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** [first, last] addresses of a CIDR block, as integers. */
export function cidrRange(cidr: string): [number, number] {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base!) / size) * size;
  return [start, start + size - 1];
}

export function ipInCidr(ip: string, cidr: string): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return false;
  const [start, end] = cidrRange(cidr);
  const n = ipToInt(ip);
  return n >= start && n <= end;
}

export function findVpc(sb: Sandbox, vpcId: string): Vpc | undefined {
  return ec2State(sb).vpcs.find((v) => v.vpcId === vpcId);
}

export function findSubnet(sb: Sandbox, subnetId: string): Subnet | undefined {
  return ec2State(sb).subnets.find((s) => s.subnetId === subnetId);
}

/** Hands out the next free private IP of a subnet (AWS reserves the first four and the last). */
export function allocateIp(subnet: Subnet): string {
  const [start, end] = cidrRange(subnet.cidrBlock);
  const offset = subnet.freeHosts.shift() ?? subnet.nextHost++;
  if (start + offset >= end) {
    throw new AwsError(
      'InsufficientFreeAddressesInSubnet',
      `The subnet '${subnet.subnetId}' has no free addresses.`,
    );
  }
  return intToIp(start + offset);
}

export function releaseIp(subnet: Subnet, ip: string): void {
  const [start] = cidrRange(subnet.cidrBlock);
  subnet.freeHosts.push(ipToInt(ip) - start);
}

export interface NewInterface {
  subnetId: string;
  description: string;
  requesterId?: string;
  interfaceType?: string;
  groupIds?: string[];
}

/** Creates a network interface with a fresh IP in the subnet. */
export function createNetworkInterface(sb: Sandbox, spec: NewInterface): NetworkInterface {
  const subnet = findSubnet(sb, spec.subnetId);
  if (!subnet)
    throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${spec.subnetId}' does not exist`);
  const eni: NetworkInterface = {
    networkInterfaceId: `eni-${sb.hex(17)}`,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    privateIpAddress: allocateIp(subnet),
    description: spec.description,
    requesterId: spec.requesterId,
    requesterManaged: spec.requesterId !== undefined,
    interfaceType: spec.interfaceType ?? 'interface',
    groupIds: spec.groupIds ?? [],
    status: 'in-use',
    tags: {},
  };
  ec2State(sb).networkInterfaces.push(eni);
  sb.markDirty();
  return eni;
}

export function deleteNetworkInterface(sb: Sandbox, networkInterfaceId: string): void {
  const list = ec2State(sb).networkInterfaces;
  const i = list.findIndex((e) => e.networkInterfaceId === networkInterfaceId);
  if (i < 0) return;
  const [eni] = list.splice(i, 1);
  const subnet = findSubnet(sb, eni!.subnetId);
  if (subnet) releaseIp(subnet, eni!.privateIpAddress);
  sb.markDirty();
}

/** The VPC that contains `ip`, if any. */
export function vpcOfIp(sb: Sandbox, ip: string): Vpc | undefined {
  return ec2State(sb).vpcs.find((v) => ipInCidr(ip, v.cidrBlock));
}
