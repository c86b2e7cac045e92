// Search spaces: the family registry with every built-in family registered.
import './register-all';

export { createSpace, findSpaceFamily, registerSpaceFamily, spaceFamilyTypes } from './registry';
export type { SpaceFamily, SpaceOptions } from './family';
export type { SearchSpace } from './search-space';
export { ChoiceSpace, NOMINAL_INPUTS, type ChoiceFamilyDef } from './choice-space';
export { registerModuleFamilies, exportedFamilies, moduleOfFamily, SpaceModuleExportError } from './user-families';
export { ChoiceError, type Choice, type ChoiceProgram, type ChoiceValue } from './choices';
export { summariseSpaceFamilies, type SpaceFamilySummary } from './catalog';
export { nextSequence, firstCompletion, distinctNetworks, type EnumeratedNetwork } from './enumerate';
