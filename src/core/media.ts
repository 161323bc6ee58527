/**
 * Storage media. Every storage dir of a dataserver is one of these; storage
 * policies (namespace/types.ts) say which media a file's replicas go to.
 */
export type Medium = 'nvme' | 'hdd';
export const MEDIA: readonly Medium[] = ['nvme', 'hdd'];

export function isMedium(value: string): value is Medium {
  return (MEDIA as readonly string[]).includes(value);
}

/** The other medium: where a replica goes when the one it wants has no room. */
export function otherMedium(medium: Medium): Medium {
  return medium === 'nvme' ? 'hdd' : 'nvme';
}
