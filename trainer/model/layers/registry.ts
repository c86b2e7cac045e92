// The tfjs side of the operation registry: one LayerBuilder per operation name.
import type { LayerBuilder } from './layer-builder';

const builders = new Map<string, LayerBuilder>();

export function registerLayerBuilder(builder: LayerBuilder): void {
  if (builders.has(builder.op)) throw new Error(`a layer builder for '${builder.op}' is already registered`);
  builders.set(builder.op, builder);
}

export function getLayerBuilder(op: string): LayerBuilder {
  const builder = builders.get(op);
  if (builder === undefined) throw new Error(`no tfjs layers are registered for operation '${op}'; registered: ${[...builders.keys()].join(', ')}`);
  return builder;
}

export function layerBuilderOps(): string[] {
  return [...builders.keys()];
}
