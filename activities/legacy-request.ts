// Requests scheduled by workflow code from before the architecture graph carry a chain
// architecture ({type: 'chain', layers}) instead of a graph. A worker upgraded while such a
// search runs must still train them, with the layer names their checkpoints were saved under.
import type { TrainRequest } from '../contracts/training';
import { compileChain, type ChainArchitecture } from '../domain/spaces/chain';

export function withGraphArchitecture(request: TrainRequest): TrainRequest {
  const arch = request.architecture as unknown as Partial<ChainArchitecture>;
  if (arch.type !== 'chain' || !Array.isArray(arch.layers)) return request;
  return { ...request, architecture: compileChain(arch as ChainArchitecture) };
}
