// The Web UI's details of a search name its scheduler and its rungs in the resource's unit.
import test from 'ava';
import { searchStartMetadata } from '../../client/search-metadata';
import { parseSearchConfig } from '../../domain/config/validate';

const fidelityRow = (fidelity: Record<string, unknown>): string | undefined => {
  const details = searchStartMetadata(parseSearchConfig({ dataset: { trainSize: 512, validationSize: 128 }, fidelity }), 'c.json').staticDetails;
  return /\| fidelity \| (.*) \|/.exec(details)?.[1];
};

test('the fidelity row names the scheduler and its rungs', (t) => {
  t.is(fidelityRow({ type: 'successive-halving', minEpochs: 1, maxEpochs: 3 }), 'successive-halving over 1→3 epochs, eta 3');
  t.is(fidelityRow({ type: 'asha' }), 'asha over 1→9 epochs, eta 3');
  t.is(fidelityRow({ type: 'none', maxEpochs: 2 }), '2 epochs each');
  t.is(fidelityRow({ type: 'hyperband', resource: 'subset', minSubset: 128, eta: 2 }), 'hyperband over 128→512 training samples (1 epoch each), eta 2');
  t.is(fidelityRow({ type: 'bohb', resource: 'scale', minScale: 0.25, eta: 2, epochs: 2 }), 'bohb over width x0.25→x1 (2 epochs each), eta 2');
});
