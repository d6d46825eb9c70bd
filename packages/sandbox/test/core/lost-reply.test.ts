// `afterEffect` faults: the call takes effect and the caller hears an error, as when a reply is lost on
// its way back. What a retry then meets is the call's own work.
import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SandboxControlError } from '../../src/control-client.js';
import { SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';

const sb = sandboxPerFile();

const createGroup = (GroupName: string) =>
  sb.sdk.ec2.send(new CreateSecurityGroupCommand({ GroupName, Description: 'd', VpcId: SEED_VPC_ID }));

async function groupExists(name: string): Promise<boolean> {
  const out = await sb.sdk.ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [name] }] }),
  );
  return (out.SecurityGroups ?? []).length === 1;
}

describe('afterEffect faults', () => {
  it('the call takes effect, the caller gets the error, and a retry meets its own work', async () => {
    await sb.control.injectFault({
      operation: 'CreateSecurityGroup',
      code: 'InternalError',
      status: 500,
      afterEffect: true,
      times: 1,
    });
    expect(await failure(createGroup('lost-reply'))).toMatchObject({ code: 'InternalError', status: 500 });
    expect(await groupExists('lost-reply')).toBe(true);
    expect(await failure(createGroup('lost-reply'))).toMatchObject({ code: 'InvalidGroup.Duplicate' });
    const log = await sb.requests({ operation: 'CreateSecurityGroup' });
    expect(log.map((r) => [r.status, r.code, r.injected ?? false])).toEqual([
      [500, 'InternalError', true],
      [400, 'InvalidGroup.Duplicate', false],
    ]);
  });

  it('counts only calls that took effect towards nth', async () => {
    await sb.control.injectFault({
      operation: 'CreateSecurityGroup',
      code: 'InternalError',
      status: 500,
      afterEffect: true,
      nth: 2,
    });
    await createGroup('first-ok');
    // Refused by EC2 itself: it took no effect, so it is not the second call.
    expect(await failure(createGroup('first-ok'))).toMatchObject({ code: 'InvalidGroup.Duplicate' });
    expect(await failure(createGroup('second'))).toMatchObject({ code: 'InternalError' });
    expect(await groupExists('second')).toBe(true);
    await createGroup('third');
  });

  it('refuses a throttle that would come after the effect', async () => {
    const err = await sb.control
      .injectFault({ kind: 'throttle', share: 1, afterEffect: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxControlError);
    expect(String((err as Error).message)).toMatch(/afterEffect|after its effect/);
  });
});
