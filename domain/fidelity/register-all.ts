// Every built-in fidelity resource (`fidelity.resource`), one line each.
import { registerResource } from './registry';
import { epochsResource } from './epochs';
import { subsetResource } from './subset';
import { scaleResource } from './scale';

registerResource(epochsResource);
registerResource(subsetResource);
registerResource(scaleResource);
