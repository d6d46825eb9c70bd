/**
 * What a command's flags say about the config, applied over rail.yaml before the one validation. The
 * file is not validated yet here, so nothing assumes its shape: where it is wrong, the override is
 * left out and the validation names the file's problem. Each override returns the field paths it
 * set, so problems there are told as the flags', not the file's.
 */
import { UsageError } from '../errors.js';

export type FieldPath = readonly (string | number)[];

export interface ConfigOverrides {
  /** Top-level fields (create-nlb, create-alb): subnets, certificate, staticIps, vpc. */
  fields?: Record<string, unknown>;
  /** Fields of one service, added to the file's services when it lacks it (add-service). */
  service?: { name: string; fields: Record<string, unknown> };
  /** A path routed to a service the file has, which answers `host` when given (route add). */
  route?: { service: string; host?: string; path: string };
}

export interface Applied {
  /** The field paths the overrides set. */
  paths: FieldPath[];
  /** Why the overrides cannot apply: thrown once the file itself is found valid. */
  refusal?: UsageError;
}

type Raw = Record<string, any>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function setService(raw: Raw, name: string, fields: Record<string, unknown>): FieldPath[] {
  raw.services ??= [];
  if (!Array.isArray(raw.services)) return [];
  const at = raw.services.findIndex((s: unknown) => isRecord(s) && s.name === name);
  if (at < 0) {
    const added = raw.services.push({ name, ...fields }) - 1;
    return [['services', added]];
  }
  Object.assign(raw.services[at], fields);
  return Object.keys(fields).map((field) => ['services', at, field]);
}

function addRoute(raw: Raw, route: NonNullable<ConfigOverrides['route']>, file: string): Applied {
  const { service: name, host, path } = route;
  const services: unknown[] = Array.isArray(raw.services) ? raw.services : [];
  const at = services.findIndex((s) => isRecord(s) && s.name === name);
  const svc = services[at] as Raw | undefined;
  if (!svc)
    return {
      paths: [],
      refusal: new UsageError(`service ${name} is not in ${file}.`, {
        hint: `add it there, or lay it with \`rails add-service ${name} --host <host> --path <pattern> ...\`.`,
      }),
    };
  if (host && host.toLowerCase() !== String(svc.host).toLowerCase())
    return {
      paths: [],
      refusal: new UsageError(
        `service ${name} answers host ${svc.host}; a service has one host in rail.yaml.`,
        {
          hint: `use --host ${svc.host}, or change services[].host in rail.yaml and run \`rails up\`.`,
        },
      ),
    };
  if (!Array.isArray(svc.paths) || svc.paths.includes(path)) return { paths: [] };
  svc.paths.push(path);
  return { paths: [['services', at, 'paths']] };
}

/** Applies the overrides to the raw document in place. */
export function applyOverrides(raw: Raw, overrides: ConfigOverrides, file: string): Applied {
  const paths: FieldPath[] = [];
  for (const [key, value] of Object.entries(overrides.fields ?? {})) {
    raw[key] = value;
    paths.push([key]);
  }
  if (overrides.service) paths.push(...setService(raw, overrides.service.name, overrides.service.fields));
  if (!overrides.route) return { paths };
  const route = addRoute(raw, overrides.route, file);
  return { paths: [...paths, ...route.paths], ...(route.refusal ? { refusal: route.refusal } : {}) };
}
