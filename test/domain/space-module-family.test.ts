// Space families from users' modules: what a module must export, how its families register,
// and the example module (examples/spaces/tiny-resnet.ts) as a space under seeded samples and
// mutations, read from a config like any built-in family.
import test from 'ava';
import { parseSearchConfig } from '../../domain/config/validate';
import { ConfigError } from '../../domain/config/errors';
import { createSpace, exportedFamilies, findSpaceFamily, moduleOfFamily, registerModuleFamilies, SpaceModuleExportError } from '../../domain/spaces';
import { chainFamily } from '../../domain/spaces/chain';
import { graphCosts } from '../../domain/graph';
import { NOMINAL_INPUTS } from '../../domain/spaces/choice-space';
import { Rng } from '../../domain/rng';
import * as tinyResnet from '../../examples/spaces/tiny-resnet';
import type { TinyResNet } from '../../examples/spaces/tiny-resnet';

const ORIGIN = '/abs/examples/spaces/tiny-resnet.js';
registerModuleFamilies(tinyResnet, ORIGIN);

test('a module must export its family as spaceFamily or spaceFamilies, each with type, doc, readOptions and create', (t) => {
  const family = { type: 'x', doc: 'x', readOptions: () => ({ type: 'x' }), create: () => undefined };
  t.deepEqual(exportedFamilies({ spaceFamily: family }, 'm.js'), [family]);
  t.deepEqual(exportedFamilies({ spaceFamilies: [family, family] }, 'm.js'), [family, family]);
  const cases: [unknown, string][] = [
    [{}, 'm.js exports no space family: export one as `spaceFamily` (or several as `spaceFamilies`), an object {type, doc, readOptions, create} (see domain/spaces/family.ts)'],
    [{ default: family }, 'm.js exports no space family: export one as `spaceFamily` (or several as `spaceFamilies`), an object {type, doc, readOptions, create} (see domain/spaces/family.ts)'],
    [{ spaceFamily: 3 }, 'm.js: the export spaceFamily is number, not an object'],
    [{ spaceFamily: { ...family, type: '' } }, 'm.js: the export spaceFamily has no `type` (the space.type it answers to)'],
    [{ spaceFamilies: [family, { ...family, create: 1 }] }, 'm.js: the export spaceFamilies[1] has no `create(options)` method'],
    [{ spaceFamilies: family }, 'm.js: the export spaceFamilies must be a list of space families'],
  ];
  for (const [exports, message] of cases) t.throws(() => exportedFamilies(exports, 'm.js'), { instanceOf: SpaceModuleExportError, message });
});

test('registering is idempotent for the same family, and refuses a type another family holds', (t) => {
  t.deepEqual(registerModuleFamilies(tinyResnet, ORIGIN), ['tiny-resnet']);
  t.is(findSpaceFamily('tiny-resnet'), tinyResnet.spaceFamily);
  t.is(moduleOfFamily('tiny-resnet'), ORIGIN);
  t.is(moduleOfFamily('chain'), undefined);
  t.throws(() => registerModuleFamilies({ spaceFamily: { ...tinyResnet.spaceFamily } }, '/other.js'), {
    message: '/other.js: space.type "tiny-resnet" is already taken by the module /abs/examples/spaces/tiny-resnet.js; give the family another type',
  });
  t.throws(() => registerModuleFamilies({ spaceFamily: { ...chainFamily } }, '/other.js'), {
    message: '/other.js: space.type "chain" is already taken by a built-in family; give the family another type',
  });
});

test('tiny-resnet: a config names it with its module, gets its defaults, and its option errors name the key', (t) => {
  const config = parseSearchConfig({ space: { type: 'tiny-resnet', module: ORIGIN, stages: 3 } });
  t.deepEqual(config.space, { type: 'tiny-resnet', stages: 3, maxBlocks: 2, widths: [8, 16, 32], kernelSizes: [3, 5], module: ORIGIN });
  t.deepEqual(parseSearchConfig(JSON.parse(JSON.stringify(config))), config);
  const error = t.throws(() => parseSearchConfig({ space: { type: 'tiny-resnet', stages: 9, kernelSizes: [2], depth: 3 } }), { instanceOf: ConfigError });
  t.deepEqual(error?.problems, [
    'space.depth: unknown key; allowed keys in space: type, stages, maxBlocks, widths, kernelSizes',
    'space.stages: must be an integer between 1 and 4, got 9',
    'space.kernelSizes: must be a non-empty list of 1|3|5|7, got [2]',
  ]);
});

test('tiny-resnet: 500 samples and 500 mutations are valid, compile for both nominal inputs, and encode/decode to the same network', (t) => {
  const space = createSpace(parseSearchConfig({ space: { type: 'tiny-resnet', module: ORIGIN, stages: 3 } }).space);
  const rng = new Rng(2);
  const samples = Array.from({ length: 500 }, () => space.sample(rng) as TinyResNet);
  const mutants = samples.map((a) => space.mutate(a, rng) as TinyResNet);
  for (const arch of [...samples, ...mutants]) {
    t.deepEqual(space.validate(arch), [], space.describe(arch));
    for (const shapes of NOMINAL_INPUTS) t.true(graphCosts(space.compile(arch), shapes.inputShape, shapes.numClasses).params > 0);
    t.deepEqual(space.decode(space.encode(arch)), arch);
    // Widths never shrink from one stage to the next.
    t.true(arch.stages.every((s, i) => i === 0 || s.filters >= arch.stages[i - 1].filters));
  }
  samples.forEach((a, i) => t.not(space.hash(mutants[i]), space.hash(a)));
  t.is(space.describe({ type: 'tiny-resnet', stages: [{ filters: 8, blocks: [{ kernelSize: 3, convs: 1 }, { kernelSize: 5, convs: 2 }] }, { filters: 16, blocks: [{ kernelSize: 3, convs: 1 }] }] } as TinyResNet), '8ch k3 k5x2 | 16ch/2 k3');
});

test('a space.module naming a module this process did not load says how workers load it', (t) => {
  const error = t.throws(() => parseSearchConfig({ space: { type: 'my-resnet', module: '/abs/my-resnet.js', stages: 2 } }), { instanceOf: ConfigError });
  const problems = error?.problems ?? [];
  t.is(problems.length, 1);
  t.true(
    problems[0].startsWith(
      'space.module: space.type "my-resnet" is not registered here: the module /abs/my-resnet.js was not loaded by this process. ' +
        'Workers load it when they start: nas worker --space-module /abs/my-resnet.js (or NAS_SPACE_MODULES=/abs/my-resnet.js); registered here: "chain"',
    ),
    problems[0],
  );
});
