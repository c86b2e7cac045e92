// Every built-in scheduler (`fidelity.type`), one line each. A new scheduler is its own file
// plus one line here.
import { registerScheduler } from './registry';
import { noneScheduler } from './none';
import { successiveHalvingScheduler } from './successive-halving';
import { bohbScheduler, hyperbandScheduler } from './hyperband';
import { ashaScheduler } from './asha';

registerScheduler(successiveHalvingScheduler);
registerScheduler(noneScheduler);
registerScheduler(hyperbandScheduler);
registerScheduler(ashaScheduler);
registerScheduler(bohbScheduler);
