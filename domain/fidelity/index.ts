// Fidelity resources: the registry with every built-in resource registered.
import './register-all';

export { findResource, fidelityRungs, registerResource, resourceKeys, resourceNames, resourceOf } from './registry';
export type { FidelityResource, ResourceFields, RungTraining } from './resource';
