// Config validation of tabular-benchmark searches: the table's space, sizes and epochs are
// accepted; anything the table cannot answer is refused, naming the field.
import test from 'ava';
import { parseSearchConfig } from '../../domain/config/validate';
import { TABULAR_SPEC, TABULAR_SPEC_LARGE } from '../../domain/tabular';

const base = (extra: Record<string, unknown> = {}) => ({
  dataset: { name: 'tabular' },
  space: { ...TABULAR_SPEC.space },
  strategy: { type: 'random' },
  fidelity: { type: 'successive-halving', minEpochs: 1, maxEpochs: TABULAR_SPEC.epochs, eta: 2 },
  budget: { trials: 8 },
  ...extra,
});

test('the table space, with the table sizes filled in, is accepted', (t) => {
  const config = parseSearchConfig(base());
  t.is(config.dataset.trainSize, TABULAR_SPEC.dataset.trainSize);
  t.is(config.dataset.validationSize, TABULAR_SPEC.dataset.validationSize);
});

test('a space other than the table refuses naming the differing option', (t) => {
  t.throws(() => parseSearchConfig(base({ space: { ...TABULAR_SPEC.space, blocks: 2 } })), { message: /space\.blocks: the tabular benchmark's table holds 1, got 2/ });
  t.throws(() => parseSearchConfig(base({ space: { ...TABULAR_SPEC.space, operations: ['conv3', 'identity'] } })), { message: /space\.operations: .*got \["conv3","identity"\]/ });
  t.throws(() => parseSearchConfig(base({ space: { type: 'chain' } })), { message: /space\.type: the tabular benchmark's table holds "cell", got "chain"/ });
  // Defaults of the cell family are not the table's: leaving them out is a mismatch too.
  t.throws(() => parseSearchConfig(base({ space: { type: 'cell' } })), { message: /space\.blocks/ });
});

test('more epochs than the table holds, or other data sizes, are refused naming the field', (t) => {
  t.throws(() => parseSearchConfig(base({ fidelity: { type: 'none', maxEpochs: TABULAR_SPEC.epochs + 1 } })), { message: /fidelity\.maxEpochs: the tabular benchmark holds 4 epochs/ });
  t.throws(() => parseSearchConfig(base({ dataset: { name: 'tabular', trainSize: 500 } })), { message: /dataset\.trainSize: the tabular benchmark was trained with 1000, got 500/ });
  t.throws(() => parseSearchConfig(base({ dataset: { name: 'tabular', path: '/tmp' } })), { message: /dataset\.path/ });
});

test('dataset.table names the table; the parsed config parses to itself, and without the key nothing is written in', (t) => {
  const config = parseSearchConfig(base({ dataset: { name: 'tabular', table: 'cell-mnist14' } }));
  t.is(config.dataset.table, 'cell-mnist14');
  t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(config))), config);
  t.false('table' in parseSearchConfig(base()).dataset);
});

test('the larger table is named with its own space, sizes and 9 epochs; the default table space is refused for it', (t) => {
  const larger = (extra: Record<string, unknown> = {}) => base({ dataset: { name: 'tabular', table: 'cell5-mnist14' }, space: { ...TABULAR_SPEC_LARGE.space }, fidelity: { type: 'hyperband', minEpochs: 1, maxEpochs: 9, eta: 3 }, ...extra });
  const config = parseSearchConfig(larger());
  t.is(config.dataset.trainSize, 1280);
  t.is(config.dataset.validationSize, 256);
  t.throws(() => parseSearchConfig(larger({ space: { ...TABULAR_SPEC.space } })), { message: /space\.operations: / });
});

test('an unknown table, or a table for another data set, is refused naming dataset.table', (t) => {
  t.throws(() => parseSearchConfig(base({ dataset: { name: 'tabular', table: 'nb201' } })), { message: /dataset\.table: no tabular benchmark table is named "nb201"; use one of "cell-mnist14", "cell5-mnist14"/ });
  t.throws(() => parseSearchConfig({ dataset: { name: 'mnist14', table: 'cell-mnist14' } }), { message: /dataset\.table: only used by "tabular"; remove it for "mnist14"/ });
});
