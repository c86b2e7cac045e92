// What a template needs to know of an operation's parameters: which values a field allows, and
// how to say so. The operation registry is the one source of these rules.
import type { ParamValue } from '../../../contracts/graph';
import type { FieldSpec } from '../../ops';

export const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

export function allowedBy(spec: FieldSpec, value: unknown): boolean {
  if (spec.kind === 'int') return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
  return spec.values.includes(value as ParamValue);
}

/** e.g. "an integer between 1 and 4096" or "one of 3, 5, 7". */
export function ruleOf(spec: FieldSpec): string {
  return spec.kind === 'int' ? `an integer between ${spec.min} and ${spec.max}` : `one of ${spec.values.map(show).join(', ')}`;
}

export function isScalar(v: unknown): v is ParamValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}
