// Every built-in search-space family, one line each. A new family is its own folder plus one
// line here; a user's family registers itself from its own module instead (see README).
import { registerSpaceFamily } from './registry';
import { chainFamily } from './chain';
import { templateFamily } from './template';
import { cellFamily } from './cell';
import { multibranchFamily } from './multibranch';
import { hierarchicalFamily } from './hierarchical';

registerSpaceFamily(chainFamily);
registerSpaceFamily(templateFamily);
registerSpaceFamily(cellFamily);
registerSpaceFamily(multibranchFamily);
registerSpaceFamily(hierarchicalFamily);
