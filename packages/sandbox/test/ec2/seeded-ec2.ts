/** The shared setup of the EC2 conformance suites: one seeded sandbox per file, and a fresh-group helper. */
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { SEED_VPC_ID } from '../../src/core/seed-ids.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

/** Starts a seeded sandbox for the calling test file; call at module level. */
export function seededEc2() {
  const sbx = sandboxPerFile();
  let n = 0;
  const ec2 = () => sbx.sdk.ec2;
  return {
    ec2,
    /** The in-process sandbox (for state the API cannot reach, such as ENIs of other services). */
    sandbox: () => sbx.sandbox,
    /** A fresh security group in the seeded VPC. */
    async newGroup(name = `g${++n}`) {
      const out = await ec2().send(
        new CreateSecurityGroupCommand({ GroupName: name, Description: 'test', VpcId: SEED_VPC_ID }),
      );
      return out.GroupId!;
    },
  };
}
