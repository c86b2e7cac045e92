// Depthwise-separable convolution: a k x k depthwise kernel per input channel (multiplier 1),
// then a 1x1 pointwise convolution to `filters` channels.
import { STRIDES, convOperation, strideSuffix } from './conv-family';

export const sepconv = convOperation({
  name: 'sepconv',
  doc: 'depthwise-separable convolution (kernel 3, 5 or 7; stride 1 or 2)',
  kernelSizes: [3, 5, 7],
  extraFields: { strides: STRIDES },
  stride: (p) => p.strides as number,
  kernelWeights: (c, p) => (p.kernelSize as number) ** 2 * c + c * (p.filters as number),
  // The depthwise pass runs at the output resolution too ('same' padding with the stride).
  macsPerPosition: (c, p) => (p.kernelSize as number) ** 2 * c + c * (p.filters as number),
  signature: (p) => `${p.kernelSize}x${p.kernelSize}${strideSuffix(p.strides as number)}`,
});
