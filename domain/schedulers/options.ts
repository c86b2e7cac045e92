// Option readers shared by the schedulers: every one trains over a ladder of rungs that grows by
// eta, in the unit of its fidelity.resource (epochs, training samples, model scale).
import { findResource, resourceKeys, resourceNames, type ResourceFields } from '../fidelity';
import type { ConfigReader, Json } from '../config/reader';

/** Largest halving rate: beyond it every bracket is a single rung anyway. */
export const MAX_ETA = 100;

/** Keys of the rung ladder every scheduler with rungs accepts: the resource's, eta, and resource itself. */
export function rungKeys(): string[] {
  return ['resource', 'eta', ...resourceKeys()];
}

/** Reads fidelity.eta. Below 2 a rung keeps more than half its candidates and the rungs barely grow. */
export function readEta(section: Json, r: ConfigReader): number {
  return r.num(section, 'eta', 'fidelity.eta', 3, (n) => n >= 2 && n <= MAX_ETA, `a number from 2 to ${MAX_ETA}`);
}

export type RungOptions = ResourceFields & {
  eta: number;
  /** The value of every rung (a single one when the options had problems). */
  rungs: number[];
};

/**
 * Reads fidelity.resource, eta and the resource's keys, reporting each problem under its key; a
 * key of another resource is refused, naming the resource it belongs to. `defaults` are the
 * scheduler's epochs.
 */
export function readRungOptions(section: Json, r: ConfigReader, defaults: { minEpochs: number; maxEpochs: number }): RungOptions {
  const eta = readEta(section, r);
  const name = r.oneOf(section, 'resource', 'fidelity.resource', 'epochs', resourceNames());
  const resource = findResource(name);
  if (resource === undefined) throw new Error(`fidelity.resource: ${name} is not registered`);
  for (const key of resourceKeys()) {
    if (section[key] === undefined || resource.keys.includes(key)) continue;
    // Every resource trains epochs: the others read minEpochs/maxEpochs themselves (readRungEpochs).
    if (key === 'minEpochs' || key === 'maxEpochs') continue;
    const owners = resourceNames().filter((n) => findResource(n)?.keys.includes(key));
    r.problems.push(`fidelity.${key}: means nothing with fidelity.resource "${name}" (it belongs to ${owners.map((o) => `"${o}"`).join(', ')}); remove it`);
  }
  const before = r.problems.length;
  const fields = resource.readOptions(section, r, eta, defaults);
  const type = typeof section.type === 'string' ? section.type : '';
  const rungs = r.problems.length === before ? resource.rungs({ type, eta, bracketSize: 1, ...fields }) : [fields.maxEpochs];
  return { ...fields, eta, rungs };
}

/** The resource's fields of RungOptions, for a scheduler's FidelitySection. */
export function resourceFields(o: RungOptions): ResourceFields {
  const { eta: _eta, rungs: _rungs, ...fields } = o;
  return fields;
}
