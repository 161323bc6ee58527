/** The public library: `import { StrataClient } from 'strata'`. */
export { StrataClient } from './strata-client.js';
export type {
  FileStatus,
  StrataClientOptions,
  WriteOptions,
  ReplicaFailureEvent,
} from './strata-client.js';
export type { NameServerAnswer } from './nameserver-client.js';
export { FileWriter } from './file-writer.js';
export { clusterFilePath, readClusterFile, type ClusterFile } from './cluster-file.js';
export { StrataError, ErrorCode } from '../core/errors.js';
