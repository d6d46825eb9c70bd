/**
 * Lambda runtimes and their lifecycle (AWS "Lambda runtimes" page). A runtime is accepted for create
 * and update until its block-create date, measured on the sandbox clock; after that Lambda answers
 * 400 InvalidParameterValueException.
 */
import { invalidParameter, validationException } from './errors.js';

/** Runtime -> the date creates are blocked (ISO day), or null while supported. */
const RUNTIMES: Record<string, string | null> = {
  'nodejs24.x': null,
  'nodejs22.x': null,
  'nodejs20.x': '2026-08-31',
  'nodejs18.x': '2026-02-03',
  'nodejs16.x': '2025-09-01',
  'nodejs14.x': '2024-02-08',
  'nodejs12.x': '2023-03-31',
  'nodejs10.x': '2021-08-30',
  'nodejs8.10': '2020-01-06',
  'nodejs6.10': '2019-08-12',
  'nodejs4.3': '2019-03-06',
  'nodejs4.3-edge': '2019-03-06',
  nodejs: '2016-10-31',
  'python3.14': null,
  'python3.13': null,
  'python3.12': null,
  'python3.11': null,
  'python3.10': '2027-01-15',
  'python3.9': '2026-06-01',
  'python3.8': '2025-02-28',
  'python3.7': '2024-01-09',
  'python3.6': '2022-08-29',
  'python2.7': '2022-05-30',
  java25: null,
  java21: null,
  java17: null,
  java11: null,
  'java8.al2': null,
  java8: '2024-02-08',
  dotnet10: null,
  dotnet8: null,
  dotnet6: '2025-02-28',
  dotnet7: '2024-05-14',
  'dotnetcore3.1': '2023-04-20',
  'dotnetcore2.1': '2022-04-15',
  'dotnetcore1.0': '2019-07-30',
  'ruby3.4': null,
  'ruby3.3': null,
  'ruby3.2': '2026-08-31',
  'ruby2.7': '2024-02-08',
  'ruby2.5': '2022-03-31',
  'go1.x': '2024-02-08',
  'provided.al2023': null,
  'provided.al2': null,
  provided: '2024-02-08',
};

/** Refuses unknown runtimes (ValidationException) and blocked ones (InvalidParameterValueException). */
export function assertRuntime(runtime: string, sandboxNow: number): void {
  if (!(runtime in RUNTIMES)) {
    throw validationException(
      'runtime',
      runtime,
      `Member must satisfy enum value set: [${Object.keys(RUNTIMES).join(', ')}] or be a valid ARN`,
    );
  }
  const blocked = RUNTIMES[runtime];
  if (blocked && sandboxNow >= Date.parse(`${blocked}T00:00:00Z`)) {
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
}

/** True for runtimes the sandbox can run (Node.js: the handler runs under this Node). */
export function isNodeRuntime(runtime: string | undefined): boolean {
  return runtime?.startsWith('nodejs') ?? false;
}
