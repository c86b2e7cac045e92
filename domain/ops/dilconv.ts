// Dilated (atrous) convolution. TensorFlow needs stride 1 when the dilation is above 1, so it
// never downsamples; dilation spreads the k x k taps apart without adding any.
import { convOperation } from './conv-family';

export const dilconv = convOperation({
  name: 'dilconv',
  doc: 'dilated convolution (kernel 3 or 5, dilation 2 or 3, stride 1)',
  kernelSizes: [3, 5],
  extraFields: { dilation: { kind: 'choice', values: [2, 3], doc: 'gap between kernel taps' } },
  stride: () => 1,
  kernelWeights: (c, p) => (p.kernelSize as number) ** 2 * c * (p.filters as number),
  macsPerPosition: (c, p) => (p.kernelSize as number) ** 2 * c * (p.filters as number),
  signature: (p) => `${p.kernelSize}x${p.kernelSize}d${p.dilation}`,
});
