/** Which rail `status` and `route trace` read: rail.yaml's stage, or the load balancers named by flags. */
import type { AwsClients } from '../aws/clients.js';
import { railNames } from '../common/names.js';
import type { RailConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { RailSelector } from './snapshot.js';
import { readSyncStateView } from './sync-state.js';

export interface SelectorInput {
  nlb?: string;
  alb?: string;
  service?: string;
  /** rail.yaml, when there is one (loaded lazily: not needed with --nlb/--alb). */
  loadConfig: () => Promise<RailConfig | undefined>;
  aws: AwsClients;
}

/** Resolves the rail to read; throws UsageError (exit 2) when neither rail.yaml nor --nlb/--alb says which. */
export async function resolveSelector(input: SelectorInput): Promise<RailSelector> {
  if (input.nlb || input.alb) {
    if (!input.nlb || !input.alb)
      throw new UsageError(`--nlb and --alb go together: got only --${input.nlb ? 'nlb' : 'alb'}`, {
        hint: 'give both load balancer names, e.g. --nlb prod-nlb --alb prod-alb (or neither, to use rail.yaml)',
      });
    return {
      nlbName: input.nlb,
      albName: input.alb,
      discoveredBy: 'names',
      ...(input.service ? { service: input.service } : {}),
    };
  }
  const config = await input.loadConfig();
  if (!config)
    throw new UsageError('no rail to inspect: rail.yaml not found and no --nlb/--alb given', {
      hint: 'run in the directory of rail.yaml, pass --config <file>, or name the load balancers with --nlb and --alb',
    });
  const stage = config.stage;
  const ecsNames = (name: string) => [railNames.ecsService(stage, name), name];
  const narrowed = config.services.find(
    (s) => s.name === input.service || railNames.ecsService(stage, s.name) === input.service,
  );
  if (input.service && !narrowed && config.services.length > 0)
    throw new UsageError(`--service ${input.service}: rail.yaml has no such service`, {
      hint: `services in rail.yaml: ${config.services.map((s) => s.name).join(', ')}`,
    });
  const clusters = [...new Set(config.services.map((s) => s.cluster))];
  return {
    stage: config.stage,
    nlbName: railNames.nlb(config.stage),
    albName: railNames.alb(config.stage),
    discoveredBy: 'config',
    ...(clusters.length ? { clusters } : {}),
    expectedServices: config.services.map((s) => ({
      name: s.name,
      cluster: s.cluster,
      ecsNames: ecsNames(s.name),
    })),
    ...(input.service
      ? { service: input.service, serviceNames: narrowed ? ecsNames(narrowed.name) : [input.service] }
      : {}),
    syncIntervalSeconds: config.sync.interval,
    missesBeforeDeregister: config.sync.missesBeforeDeregister,
    readSync: () => readSyncStateView(input.aws, config),
  };
}
