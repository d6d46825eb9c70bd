/**
 * Malformed rail.yaml files: `rails validate` and every command that reads the config exit 2 and name
 * the field path, the bad value and what is expected, before any AWS call.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';

const example = parse(readFileSync(join(ROOT, 'examples/rail.yaml'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'rails-config-'));

/** The example with one change applied. */
function variant(change: (rail: any) => void): string {
  const rail = structuredClone(example);
  change(rail);
  return stringify(rail);
}

const second = (rail: any) => ({
  ...structuredClone(rail.services[0]),
  name: 'billing',
  paths: ['/billing/*'],
});

const CASES: { name: string; yaml: string; path: string; expect?: RegExp }[] = [
  {
    name: 'subnets is a string',
    yaml: variant((r) => {
      r.subnets = 'subnet-0c0ffee0000000a01';
    }),
    path: 'subnets',
    expect: /expected array/,
  },
  {
    name: 'unknown top-level key',
    yaml: variant((r) => {
      r.colour = 'red';
    }),
    path: '(file)',
    expect: /unknown field.*colour/,
  },
  {
    name: 'missing vpc',
    yaml: variant((r) => {
      delete r.vpc;
    }),
    path: 'vpc',
    expect: /required/,
  },
  {
    name: 'subnet id of the wrong form',
    yaml: variant((r) => {
      r.subnets[1] = 'subnet-xyz';
    }),
    path: 'subnets[1]',
    expect: /subnet-xyz/,
  },
  {
    name: 'certificate that is not an ACM ARN',
    yaml: variant((r) => {
      r.certificate = 'arn:aws:iam::123456789012:server-certificate/x';
    }),
    path: 'certificate',
    expect: /ACM certificate ARN/,
  },
  {
    name: 'service name that cannot start a target group name',
    yaml: variant((r) => {
      r.services[0].name = 'ice_station';
    }),
    path: 'services[0].name',
    expect: /ice_station/,
  },
  {
    name: 'path over 128 characters',
    yaml: variant((r) => {
      r.services[0].paths[0] = `/${'a'.repeat(130)}`;
    }),
    path: 'services[0].paths[0]',
    expect: /128/,
  },
  {
    name: 'duplicate service names',
    yaml: variant((r) => {
      r.services.push({ ...second(r), name: r.services[0].name });
    }),
    path: 'services[1].name',
    expect: /unique/,
  },
  {
    name: 'port of the wrong type',
    yaml: variant((r) => {
      r.services[0].port = '8080';
    }),
    path: 'services[0].port',
    expect: /expected number/,
  },
  {
    name: 'two services claiming the same host and path',
    yaml: variant((r) => {
      r.services.push({ ...second(r), paths: r.services[0].paths });
    }),
    path: 'services[1].paths[0]',
    expect: /already claimed/,
  },
  {
    name: 'staticIps neither mode',
    yaml: variant((r) => {
      r.staticIps = 'static';
    }),
    path: 'staticIps',
    expect: /sync.*alb-target/,
  },
  {
    name: 'health check timeout not below interval',
    yaml: variant((r) => {
      r.services[0].healthCheck.timeout = 30;
    }),
    path: 'services[0].healthCheck.timeout',
    expect: /less than interval/,
  },
  {
    name: 'too many wildcards in one rule',
    yaml: variant((r) => {
      r.services[0].paths[0] = '/a*/b*/c*/d*/e*/f*';
    }),
    path: 'services[0].paths[0]',
    expect: /wildcards/,
  },
  {
    name: 'matcher outside 200-499',
    yaml: variant((r) => {
      r.services[0].healthCheck.matcher = '200-600';
    }),
    path: 'services[0].healthCheck.matcher',
    expect: /200-499/,
  },
  {
    name: 'negative desired count',
    yaml: variant((r) => {
      r.services[0].desiredCount = -1;
    }),
    path: 'services[0].desiredCount',
    expect: /-1/,
  },
  {
    name: 'bucket name AWS refuses',
    yaml: variant((r) => {
      r.sync.bucket = 'Bad_Bucket';
    }),
    path: 'sync.bucket',
    expect: /bucket name/,
  },
  {
    name: 'stage that would make invalid names',
    yaml: variant((r) => {
      r.stage = 'Prod_1';
    }),
    path: 'stage',
    expect: /Prod_1/,
  },
  {
    name: 'image and taskDefinition both given',
    yaml: variant((r) => {
      r.services[0].image = 'public.ecr.aws/docker/library/nginx:1.27';
    }),
    path: 'services[0].image',
    expect: /either image .* or taskDefinition, not both/,
  },
  {
    name: 'empty image',
    yaml: variant((r) => {
      delete r.services[0].taskDefinition;
      r.services[0].image = '';
    }),
    path: 'services[0].image',
    expect: /a container image such as .*not empty\) \(got ""\)/,
  },
  {
    name: 'YAML syntax error',
    yaml: 'stage: dev\nvpc: [unclosed\n',
    path: '(file)',
    expect: /YAML syntax error at line/,
  },
  {
    name: 'a VPC link v1 to the ALB',
    yaml: variant((r) => {
      r.apiGateway = { vpcLink: 'v1', target: 'alb' };
    }),
    path: 'apiGateway.target',
    expect: /reaches only a Network Load Balancer/,
  },
  {
    name: 'an HTTP API with a VPC link v1',
    yaml: variant((r) => {
      r.apiGateway = { type: 'http', vpcLink: 'v1' };
    }),
    path: 'apiGateway.vpcLink',
    expect: /VPC link v2/,
  },
  {
    name: 'staticIps: none with the front door on the NLB',
    yaml: variant((r) => {
      r.staticIps = 'none';
      r.apiGateway = { vpcLink: 'v2', target: 'nlb' };
    }),
    path: 'staticIps',
    expect: /lays no NLB/,
  },
];

describe('rails validate: malformed rail.yaml', () => {
  it.each(CASES)('$name -> exit 2 naming $path', async ({ name, yaml, path, expect: pattern }) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, yaml);
    const r = await runCli(['validate', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(`  ${path}: `);
    if (pattern) expect(r.stderr).toMatch(pattern);
    expect(r.stderr).toMatch(/hint: /);
  });

  it('reports every problem at once', async () => {
    const file = join(dir, 'many.yaml');
    writeFileSync(
      file,
      variant((r) => {
        r.vpc = 'vpc-1';
        r.services[0].port = 0;
        r.staticIps = 'x';
      }),
    );
    const r = await runCli(['validate', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('3 problems');
  });

  it('the example is valid, and --json prints only JSON', async () => {
    const r = await runCli(['validate', '--config', 'examples/rail.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, stage: 'dev', services: 1 });
  });

  it('--stage overrides the file and is validated like it', async () => {
    const r = await runCli(['validate', '--config', 'examples/rail.yaml', '--stage', 'Bad Stage']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  stage: ');
  });

  it('a missing config file is a config error naming the file', async () => {
    const r = await runCli(['validate', '--config', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml.*\n.*file not found/);
  });
});

describe('up refuses a bad image: service before any AWS call', () => {
  const IMAGE_CASES = [
    {
      name: 'image and taskDefinition',
      change: (r: any) => {
        r.services[0].image = 'public.ecr.aws/docker/library/nginx:1.27';
      },
      expect: /services\[0\]\.image: give either image .* not both/,
    },
    {
      name: 'an empty image',
      change: (r: any) => {
        delete r.services[0].taskDefinition;
        r.services[0].image = '';
      },
      expect: /services\[0\]\.image: a container image such as/,
    },
  ];
  const COMMANDS = [['up'], ['up', '--dry-run'], ['add-service', 'ice-station-zebra']];
  it.each(IMAGE_CASES.flatMap((c) => COMMANDS.map((args) => ({ ...c, args, cmd: args.join(' ') }))))(
    '$name: rails $cmd',
    async ({ name, change, expect: pattern, args }) => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, variant(change));
      // Unreachable on purpose: any AWS call would end in a connection error and exit 1, not 2.
      const r = await runCli([...args, '--config', file], { endpoint: 'http://127.0.0.1:9' });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(pattern);
    },
  );
});

describe('every command that reads rail.yaml refuses a malformed one with exit 2', () => {
  const file = join(dir, 'bad-port.yaml');
  writeFileSync(
    file,
    variant((r) => {
      r.services[0].port = 70000;
    }),
  );
  it.each([
    ['up'],
    ['up', '--dry-run'],
    ['create-nlb'],
    ['create-alb'],
    ['add-service', 'ice-station-zebra'],
    ['sync-ips', '--once'],
    ['status'],
    ['down', '--yes'],
    ['route', 'list'],
  ])('rails %s', async (...args) => {
    // The endpoint is unreachable on purpose: a config error must come before any AWS call.
    const r = await runCli([...args, '--config', file], { endpoint: 'http://127.0.0.1:9' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('services[0].port');
  });
});
