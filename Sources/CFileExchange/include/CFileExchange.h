#ifndef ALMANAC_CFILEEXCHANGE_H
#define ALMANAC_CFILEEXCHANGE_H

/// Swaps two paths in one atomic step: both must exist, and afterwards each name holds what
/// the other held. Linux: renameat2(2) with RENAME_EXCHANGE (through syscall(2), so an older C
/// library without the wrapper still works); macOS: renamex_np(2) with RENAME_SWAP.
/// Returns 0, or -1 with errno set: EINVAL, ENOSYS or ENOTSUP where the kernel or the file
/// system cannot exchange.
int almanac_exchange_paths(const char *first, const char *second);

#endif
