/**
 * One rail's status in a line's worth of fields: what `rails status --all --json` prints per rail. The
 * fields are those of the status model (model.ts) with the same names and meanings, fewer of them, so
 * a reader of one reads the other; the contract is README's "status --all JSON".
 */
import type { StatusReport } from './model.js';

export interface RailSummary
  extends Pick<
    StatusReport,
    | 'schemaVersion'
    | 'generatedAt'
    | 'stage'
    | 'discoveredBy'
    | 'verdict'
    | 'firstProblem'
    | 'hops'
    | 'readErrors'
  > {
  nlb: Pick<StatusReport['nlb'], 'name' | 'arn' | 'state' | 'verdict'>;
  alb: Pick<StatusReport['alb'], 'name' | 'arn' | 'state' | 'verdict'>;
  services: Pick<
    StatusReport['services'][number],
    'name' | 'cluster' | 'status' | 'desired' | 'running' | 'verdict'
  >[];
}

const lb = (x: StatusReport['nlb'] | StatusReport['alb']) => ({
  name: x.name,
  ...(x.arn ? { arn: x.arn } : {}),
  state: x.state,
  verdict: x.verdict,
});

export function summarize(r: StatusReport): RailSummary {
  return {
    schemaVersion: r.schemaVersion,
    generatedAt: r.generatedAt,
    ...(r.stage ? { stage: r.stage } : {}),
    discoveredBy: r.discoveredBy,
    verdict: r.verdict,
    ...(r.firstProblem ? { firstProblem: r.firstProblem } : {}),
    hops: r.hops,
    nlb: lb(r.nlb),
    alb: lb(r.alb),
    services: r.services.map((s) => ({
      name: s.name,
      cluster: s.cluster,
      status: s.status,
      desired: s.desired,
      running: s.running,
      verdict: s.verdict,
    })),
    readErrors: r.readErrors,
  };
}
