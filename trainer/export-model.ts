// Turns a training checkpoint into a plain tfjs LayersModel folder that tf.loadLayersModel opens
// with stock tfjs: the optimiser's weights and the `nas` block are left out, and our custom
// training layers are written as their stock inference equivalents. Pure file work: no tfjs.
// The checkpoint is read through the artifact store (a folder or s3://), verified.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CheckpointError } from './errors';
import { openArtifactStore } from '../store';
import type { CheckpointRef } from '../contracts/training';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  group?: string;
}

interface LayerJson {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown;
}

interface CheckpointJson {
  modelTopology: { class_name: string; config: { layers: LayerJson[] } } & Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  nas?: { format?: string; epoch?: number; weightsBytes?: number };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * NasDilatedConv2D exists for training (tfjs has no gradient for dilated Conv2D); for inference
 * a stock Conv2D with dilation_rate and 'same' padding computes the same thing with the same
 * kernel and bias, so the exported model needs no custom class.
 */
function stockLayer(layer: LayerJson): LayerJson {
  if (layer.class_name !== 'NasDilatedConv2D') return layer;
  const c = layer.config;
  const k = c.kernel_size as number;
  const d = c.dilation as number;
  return {
    ...layer,
    class_name: 'Conv2D',
    config: {
      name: c.name,
      trainable: c.trainable,
      filters: c.filters,
      kernel_size: [k, k],
      strides: [1, 1],
      padding: 'same',
      data_format: 'channels_last',
      dilation_rate: [d, d],
      activation: c.activation,
      use_bias: c.use_bias,
    },
  };
}

export interface ExportedModel {
  modelJsonPath: string;
  weightsBytes: number;
  weightCount: number;
}

/** Writes model.json and weights.bin into `outDir` (created if needed); `artifactRoot` is the store's location. */
export async function exportLayersModel(artifactRoot: string, ref: CheckpointRef, outDir: string): Promise<ExportedModel> {
  let json: CheckpointJson;
  let weights: Buffer;
  try {
    const files = await openArtifactStore(artifactRoot).getCheckpoint(ref.uri);
    json = JSON.parse(files['model.json']?.toString('utf8') ?? 'null') as CheckpointJson;
    const stored = files[json.weightsManifest[0].paths[0]];
    if (stored === undefined) throw new Error(`${json.weightsManifest[0].paths[0]} is missing`);
    weights = stored;
  } catch (err) {
    throw new CheckpointError(`checkpoint '${ref.uri}' cannot be read: ${(err as Error).message}`);
  }
  if (json.nas?.format !== 'nas-checkpoint' || json.nas.epoch !== ref.epoch || json.nas.weightsBytes !== weights.byteLength) {
    throw new CheckpointError(`checkpoint '${ref.uri}' is incomplete or not a nas checkpoint of epoch ${ref.epoch}`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  // The model's weights come first, the optimiser's ('optimizer' group) after them.
  const modelSpecs: WeightSpec[] = [];
  let bytes = 0;
  for (const spec of specs) {
    if (spec.group === 'optimizer') break;
    const per = BYTES[spec.dtype];
    if (per === undefined) throw new CheckpointError(`checkpoint '${ref.uri}': weight ${spec.name} has dtype ${spec.dtype}, which export does not handle`);
    modelSpecs.push({ name: spec.name, shape: spec.shape, dtype: spec.dtype });
    bytes += per * spec.shape.reduce((a, b) => a * b, 1);
  }
  const custom = json.modelTopology.config.layers.map(stockLayer).filter((l) => l.class_name.startsWith('Nas'));
  if (custom.length > 0) {
    throw new CheckpointError(`cannot export layer ${custom[0].name ?? '?'}: ${custom[0].class_name} has no stock tfjs equivalent yet`);
  }
  const topology = { ...json.modelTopology, config: { ...json.modelTopology.config, layers: json.modelTopology.config.layers.map(stockLayer) } };
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'nas export',
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: modelSpecs }],
  };
  await fs.mkdir(outDir, { recursive: true });
  const modelJsonPath = path.join(outDir, 'model.json');
  await fs.writeFile(path.join(outDir, 'weights.bin'), weights.subarray(0, bytes));
  await fs.writeFile(modelJsonPath, JSON.stringify(modelJson));
  return { modelJsonPath, weightsBytes: bytes, weightCount: modelSpecs.length };
}
