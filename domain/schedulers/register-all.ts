// Every built-in scheduler (`fidelity.type`), one line each. A new scheduler is its own file
// plus one line here.
import { registerScheduler } from './registry';
import { noneScheduler } from './none';
import { successiveHalvingScheduler } from './successive-halving';

registerScheduler(successiveHalvingScheduler);
registerScheduler(noneScheduler);
