/**
 * The order a client sends a small block's replicas in: by the client's own rank of
 * each server. Pure: the client's seed is an input.
 *
 * Any order of the same servers places the replicas alike (each keeps its medium).
 * In the nameserver's random orders a hop split its batch by next hop, and at 16
 * writes in flight most batches carried one block; a client that always orders a
 * set of servers the same way sends its small blocks down the same pipelines, in
 * shared batches at every hop (src/client/block-batcher.ts). The rank is each
 * client's own, so that many clients still spread the first hop's work over the
 * servers, and the last hop's (which keeps the block in its memory pool).
 */
export function pipelineOrder<T extends { id: string }>(
  seed: number,
  locations: readonly T[],
  media: readonly string[],
): { locations: T[]; media: string[] } {
  const ranked = locations.map((location, i) => ({
    location,
    medium: media[i],
    rank: rankOf(seed, location.id),
  }));
  ranked.sort((a, b) => a.rank - b.rank);
  return {
    locations: ranked.map((r) => r.location),
    // All or nothing, as the nameserver hands media out: none stays none.
    media: media.length === locations.length ? ranked.map((r) => r.medium!) : [...media],
  };
}

/** FNV-1a over a server id, started from the client's seed: a rank stable for the client's life. */
function rankOf(seed: number, id: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
