// Every tfjs layer class the graph path translates, one line each.
import { registerLayerTranslator } from './translator';
import { activationLayer } from './activation';
import { conv2d, dilatedConv2d, separableConv2d } from './conv';
import { dense, flatten } from './dense';
import { averagePooling2d, globalAveragePooling2d, maxPooling2d } from './pool';
import { add, concatenate, inputLayer, reshape, zero } from './merge';
import { batchNormalization } from './batch-norm';

for (const t of [inputLayer, conv2d, separableConv2d, dilatedConv2d, dense, flatten, maxPooling2d, averagePooling2d, globalAveragePooling2d, activationLayer, add, concatenate, reshape, zero, batchNormalization]) {
  registerLayerTranslator(t);
}
