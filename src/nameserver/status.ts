/** Conversions from the namespace's inodes to the wire's FileStatus. */
import type { FileStatus } from '../rpc/generated/strata/v1/FileStatus.js';
import type { Inode } from '../namespace/types.js';

export function fileStatusOf(inode: Inode, path: string, inheritedReplication: number): FileStatus {
  if (inode.kind === 'dir') {
    return {
      id: inode.id,
      path,
      type: 'FILE_TYPE_DIRECTORY',
      length: 0,
      replication: inode.replication || inheritedReplication,
      blockSize: 0,
      mtimeMs: inode.mtimeMs,
      underConstruction: false,
      blockCount: 0,
      children: inode.children.size,
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
  };
}

export function childPath(dirPath: string, name: string): string {
  return dirPath === '/' ? `/${name}` : `${dirPath}/${name}`;
}
