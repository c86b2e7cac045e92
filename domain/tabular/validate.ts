// Config checks of a `dataset.name: "tabular"` search: the table answers only networks of its
// own space, at most its epochs, on its own data split; anything else is refused at validation,
// naming the field and the value the table needs.
import type { DatasetSection, FidelitySection } from '../config/search-config';
import type { SpaceOptions } from '../spaces/family';
import { canonicalJson } from '../json';
import { DEFAULT_TABLE, TABULAR_SPEC, tabularSpec, type TabularSpec } from './spec';

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** The spec of the table a "tabular" dataset section names (`dataset.table`, the first table when absent). */
export function tableSpecOf(dataset: { table?: string }): TabularSpec {
  return tabularSpec(dataset.table ?? DEFAULT_TABLE) ?? TABULAR_SPEC;
}

export function tabularProblems(config: { dataset: DatasetSection; space: SpaceOptions; fidelity: FidelitySection }, spec: TabularSpec = tableSpecOf(config.dataset)): string[] {
  const problems: string[] = [];
  for (const key of ['trainSize', 'validationSize'] as const) {
    if (config.dataset[key] !== spec.dataset[key]) {
      problems.push(`dataset.${key}: the tabular benchmark was trained with ${spec.dataset[key]}, got ${config.dataset[key]}; remove it or set ${spec.dataset[key]}`);
    }
  }
  const space = config.space as Record<string, unknown>;
  const wanted = spec.space as unknown as Record<string, unknown>;
  const whole = `a "tabular" search must use the table's space: ${show(spec.space)}`;
  for (const key of new Set([...Object.keys(wanted), ...Object.keys(space)])) {
    if (canonicalJson(space[key] ?? null) === canonicalJson(wanted[key] ?? null)) continue;
    problems.push(`space.${key}: the tabular benchmark's table holds ${key in wanted ? show(wanted[key]) : 'no such option'}, got ${show(space[key])}; ${whole}`);
    break;
  }
  if (config.fidelity.maxEpochs > spec.epochs) {
    problems.push(`fidelity.maxEpochs: the tabular benchmark holds ${spec.epochs} epochs per network, got ${config.fidelity.maxEpochs}; lower it to at most ${spec.epochs}`);
  }
  const resource = (config.fidelity as unknown as Record<string, unknown>).resource;
  if (resource !== undefined && resource !== 'epochs') {
    problems.push(`fidelity.resource: the tabular benchmark varies only epochs, got ${show(resource)}; use "epochs"`);
  }
  return problems;
}
