/** Conversions from the namespace's inodes to the wire's FileStatus. */
import type { FileStatus } from '../rpc/generated/strata/v1/FileStatus.js';
import type { Inode, StoragePolicy } from '../namespace/types.js';

/** What an inode's parent hands down: its replication default and its effective storage policy. */
export interface Inherited {
  replication: number;
  storagePolicy: StoragePolicy | null;
}

export function fileStatusOf(inode: Inode, path: string, inherited: Inherited): FileStatus {
  const policies = {
    storagePolicy: inode.storagePolicy ?? '',
    effectiveStoragePolicy: inode.storagePolicy ?? inherited.storagePolicy ?? '',
  };
  if (inode.kind === 'dir') {
    return {
      id: inode.id,
      path,
      type: 'FILE_TYPE_DIRECTORY',
      length: 0,
      replication: inode.replication || inherited.replication,
      blockSize: 0,
      mtimeMs: inode.mtimeMs,
      underConstruction: false,
      blockCount: 0,
      children: inode.children.size,
      ...policies,
    };
  }
  return {
    id: inode.id,
    path,
    type: 'FILE_TYPE_FILE',
    length: inode.length,
    replication: inode.replication,
    blockSize: inode.blockSizeBytes,
    mtimeMs: inode.mtimeMs,
    underConstruction: inode.leaseHolder !== null,
    blockCount: inode.blocks.length,
    children: 0,
    ...policies,
  };
}

export function childPath(dirPath: string, name: string): string {
  return dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
}
