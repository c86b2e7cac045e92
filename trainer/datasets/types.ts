// In-memory dataset shapes used between the decoders, the splitter and the training loop.
// Plain typed arrays rather than tensors: they live in the per-process cache across trials,
// and tensors would pin backend memory (and count in tf.memory()) between trials.

/** A decoded source (all its samples) before the train/validation split. */
export interface SourceDataset {
  /** Human-readable origin for error messages and logs, e.g. 'mnist' or 'cifar10 at /data/c10'. */
  description: string;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** count x height x width x channels values, NHWC, sample after sample. */
  pixels: Uint8Array | Float32Array;
  /** Multiplier that maps `pixels` to [0, 1] (1/255 for bytes, 1 for floats already scaled). */
  pixelScale: number;
  labels: Uint8Array;
}

/** One side of a split: images already scaled to [0, 1] as float32 NHWC, labels as class ids. */
export interface SplitPart {
  count: number;
  images: Float32Array;
  labels: Uint8Array;
}

/** What the training loop consumes. */
export interface DatasetSplit {
  /** [height, width, channels] of one sample. */
  shape: [number, number, number];
  numClasses: number;
  train: SplitPart;
  validation: SplitPart;
}
