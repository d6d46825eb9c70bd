/**
 * Which rail `status` and `route trace` read: rail.yaml's stage, or the load balancers named by flags.
 * It joins the flags, rail.yaml, the rail's naming and the sync's state reader into one typed selector,
 * so the engines and the reader below them depend on none of those.
 */
import type { AwsClients } from '../../lib/aws/clients.js';
import { railNames } from '../../lib/common/names.js';
import { apiVpcLink } from '../../lib/config/checks.js';
import type { RailConfig } from '../../lib/config/schema.js';
import { UsageError } from '../../lib/errors.js';
import { knownTaskLogTargets } from '../../lib/logs/container/resolve-target.js';
import type {
  ApiSelector,
  FoundRailLoadBalancers,
  RailSelector,
  SyncStateView,
} from '../../lib/observe/snapshot.js';
import { adaptSyncState } from '../../lib/observe/sync-state-view.js';
import { apiNames, apiRoutes, HTTP_API_STAGE, httpRouteKey } from '../../lib/rail/api-spec.js';

export interface SelectorInput {
  nlb?: string;
  alb?: string;
  service?: string;
  /** `--api <id|name>`: an API Gateway REST or HTTP API in front of the rail (also one rails did not make). */
  api?: string;
  /** rail.yaml, when there is one (loaded lazily: not needed with --nlb/--alb). */
  loadConfig: () => Promise<RailConfig | undefined>;
  aws: AwsClients;
}

/**
 * The API Gateway hop to read: `--api` (an id or a name), else rail.yaml's `apiGateway`. rail.yaml's
 * service paths, stage, link and domain are what the API should have when rails laid it; with `--api`
 * only its paths and stage name are used, since the API may not be rails's.
 */
export function apiSelector(
  flag: string | undefined,
  config: RailConfig | undefined,
): ApiSelector | undefined {
  const gw = config?.apiGateway;
  if (!flag && !gw) return undefined;
  const routes = config
    ? apiRoutes(config).routes.map((r) => ({
        service: r.service,
        resourcePath: r.resourcePath,
        routeKey: httpRouteKey(r),
      }))
    : undefined;
  if (flag)
    return {
      from: 'flag',
      ref: flag,
      ...(gw?.stageName ? { stageName: gw.type === 'http' ? HTTP_API_STAGE : gw.stageName } : {}),
      ...(routes ? { routes } : {}),
    };
  const api = gw!;
  return {
    from: 'config',
    ref: apiNames.api(config!),
    type: api.type,
    stageName: api.type === 'http' ? HTTP_API_STAGE : api.stageName,
    link: {
      version: apiVpcLink(api),
      name: apiVpcLink(api) === 'v1' ? apiNames.linkV1(config!.stage) : apiNames.linkV2(config!.stage),
      target: api.target,
    },
    ...(routes ? { routes } : {}),
    ...(api.domainName ? { domainName: api.domainName } : {}),
  };
}

/** Resolves the rail to read; throws UsageError (exit 2) when neither rail.yaml nor --nlb/--alb says which. */
export async function resolveSelector(input: SelectorInput): Promise<RailSelector> {
  if (input.nlb || input.alb) {
    if (!input.nlb || !input.alb)
      throw new UsageError(`--nlb and --alb go together: got only --${input.nlb ? 'nlb' : 'alb'}`, {
        hint: 'give both load balancer names, e.g. --nlb prod-nlb --alb prod-alb (or neither, to use rail.yaml)',
      });
    const api = apiSelector(input.api, undefined);
    return {
      nlbName: input.nlb,
      albName: input.alb,
      discoveredBy: 'names',
      ...(input.service ? { service: input.service } : {}),
      ...(api ? { api } : {}),
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
  const api = apiSelector(input.api, config);
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
    taskLogTargets: knownTaskLogTargets(config),
    syncIntervalSeconds: config.sync.interval,
    missesBeforeDeregister: config.sync.missesBeforeDeregister,
    staticIps: config.staticIps,
    // Without an NLB there is no sync and no state to read.
    ...(config.staticIps === 'none'
      ? {}
      : { readSync: (found) => readSyncStateView(input.aws, config, found) }),
    ...(api ? { api } : {}),
  };
}

/**
 * Reads the rail's sync state through the sync's own reader (src/lib/sync). `found`: the load
 * balancers, NLB listeners and target groups status already read, which spare the reader finding them
 * again. Returns undefined when the rail has no sync state.
 */
export async function readSyncStateView(
  aws: AwsClients,
  rail: RailConfig,
  found?: FoundRailLoadBalancers,
): Promise<SyncStateView | undefined> {
  const [{ readSyncState }, { syncRailOf }] = await Promise.all([
    import('../../lib/sync/read-sync-state.js'),
    import('../../lib/sync/discover.js'),
  ]);
  const syncRail = found && syncRailOf(rail.stage, found.nlb, found.alb, found.nlbListeners, found.nlbGroups);
  return adaptSyncState(await readSyncState(aws, rail, syncRail));
}
