// The operation registry with every built-in operation registered.
import './register-all';

export { getOperation, findOperation, operationNames, registerOperation } from './registry';
export { ShapeRuleError, type FieldSpec, type OperationDef, type OpContext, type OpParams } from './operation';
export { CONV_ORDERS, type ConvOrder } from './conv-family';
export { HEAD_POOLINGS } from './head';
