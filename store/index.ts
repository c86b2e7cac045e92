export type { ArtifactFiles, ArtifactStore } from './artifact-store';
export { ArtifactAccessError, ArtifactCorruptError, ArtifactError, ArtifactKeyError, ArtifactLocationError, ArtifactNotFoundError } from './errors';
export { checkpointUri, checkSegment, parseCheckpointUri } from './keys';
export { LocalDirectoryStore } from './local';
export { isStoreUrl, openArtifactStore } from './open';
export { prepareArtifactRoot } from './root';
export { TORN_MARK, type SkippedRecord } from './record-lines';
