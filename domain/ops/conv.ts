// Plain 2-D convolution.
import { STRIDES, convOperation, strideSuffix } from './conv-family';

export const conv = convOperation({
  name: 'conv',
  doc: 'convolution (kernel 1, 3, 5 or 7; stride 1 or 2)',
  kernelSizes: [1, 3, 5, 7],
  extraFields: { strides: STRIDES },
  stride: (p) => p.strides as number,
  kernelWeights: (c, p) => (p.kernelSize as number) ** 2 * c * (p.filters as number),
  macsPerPosition: (c, p) => (p.kernelSize as number) ** 2 * c * (p.filters as number),
  signature: (p) => `${p.kernelSize}x${p.kernelSize}${strideSuffix(p.strides as number)}`,
});
