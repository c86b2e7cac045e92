export type { ArtifactFiles, ArtifactStore } from './artifact-store';
export { ArtifactCorruptError, ArtifactError, ArtifactKeyError, ArtifactLocationError, ArtifactNotFoundError } from './errors';
export { checkpointUri, checkSegment, parseCheckpointUri } from './keys';
export { LocalDirectoryStore } from './local';
export { isStoreUrl, openArtifactStore } from './open';
