// Joins table files written by builders that shared the work (build.js --from): entries of the
// later files are added to the first, which is rewritten. The build records are summed; a part
// whose searches the first file already lists (an earlier merge of the same builder's file) is
// refused, since its seconds would count twice: merge a builder's file once, when it is done.
//
//   node dist/bench/tabular/merge.js INTO.json PART.json [PART.json ...]
import { readTable, writeTable } from './table-file';

const [into, ...parts] = process.argv.slice(2);
if (into === undefined || parts.length === 0) {
  console.error('usage: node dist/bench/tabular/merge.js INTO.json PART.json [PART.json ...]');
  process.exit(2);
}
const table = readTable(into);
for (const path of parts) {
  const part = readTable(path, table.spec);
  const again = part.build.searches.filter((id) => table.build.searches.includes(id));
  if (again.length > 0) {
    console.error(`${path}: searches ${again.join(', ')} are already merged into ${into}; merge each builder's file once (from a copy of ${into} taken before the first merge)`);
    process.exit(1);
  }
  Object.assign(table.entries, part.entries);
  table.build = {
    backend: table.build.backend || part.build.backend,
    trainSeconds: table.build.trainSeconds + part.build.trainSeconds,
    wallSeconds: table.build.wallSeconds + part.build.wallSeconds,
    searches: [...table.build.searches, ...part.build.searches],
    builtAt: table.build.builtAt > part.build.builtAt ? table.build.builtAt : part.build.builtAt,
  };
}
writeTable(into, table);
console.log(`${into}: ${Object.keys(table.entries).length} networks`);
