import test from 'ava';
import { withGraphArchitecture } from '../../activities/legacy-request';
import { validateGraph } from '../../domain/graph';
import { SMALL_CONV, SMALL_CONV_CHAIN, tinyRequest } from './helpers';
import type { TrainRequest } from '../../contracts/training';

test('a request scheduled with a chain architecture (before the graph) is trained as its graph, with the legacy layer names', (t) => {
  const legacy = tinyRequest({ architecture: SMALL_CONV_CHAIN as unknown as TrainRequest['architecture'] });
  const converted = withGraphArchitecture(legacy);
  t.deepEqual(converted.architecture, SMALL_CONV);
  t.deepEqual(validateGraph(converted.architecture), []);
  t.deepEqual(converted.architecture.nodes.map((n) => n.id), ['input', 'l0_conv', 'l1_maxpool', 'l2_dense', 'head']);
  const current = tinyRequest();
  t.is(withGraphArchitecture(current), current);
});
