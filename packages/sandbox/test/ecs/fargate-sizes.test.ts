/** Pure logic, table-driven: Fargate cpu/memory units and pairs, and the circuit breaker threshold. */
import { describe, expect, it } from 'vitest';
import { failureThreshold } from '../../src/services/ecs/deployments.js';
import { isFargateSize, normalizeCpu, normalizeMemory } from '../../src/services/ecs/fargate.js';

describe('Fargate sizes', () => {
  it.each([
    ['256', '256'],
    ['0.25 vCPU', '256'],
    ['1 vcpu', '1024'],
    ['2vCPU', '2048'],
    ['abc', undefined],
  ])('cpu %s reads as %s', (input, out) => expect(normalizeCpu(input)).toBe(out));

  it.each([
    ['512', '512'],
    ['0.5GB', '512'],
    ['2 GB', '2048'],
    ['lots', undefined],
  ])('memory %s reads as %s', (input, out) => expect(normalizeMemory(input)).toBe(out));

  it.each([
    ['256', '512', true],
    ['256', '1536', false],
    ['512', '4096', true],
    ['512', '5120', false],
    ['1024', '2048', true],
    ['2048', '16384', true],
    ['4096', '30720', true],
    ['4096', '31744', false],
    ['8192', '20480', true],
    ['8192', '18432', false],
    ['16384', '40960', true],
    ['128', '512', false],
  ])('cpu %s with memory %s: %s', (cpu, memory, ok) => expect(isFargateSize(cpu, memory)).toBe(ok));
});

describe('circuit breaker threshold', () => {
  it.each([
    [1, 3],
    [6, 3],
    [7, 4],
    [10, 5],
    [1000, 200],
  ])('desired %i trips at %i failed tasks', (desired, threshold) =>
    expect(failureThreshold(desired)).toBe(threshold),
  );
});
