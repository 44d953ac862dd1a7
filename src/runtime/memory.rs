//! How the cockpit's memory is given back. On a shared server many cockpits run side by side,
//! so what one holds counts: at 100,000 people an admin's cockpit holds about 60 MB, and
//! reading the records takes as much again for a moment.
//!
//! glibc's allocator keeps what was freed for the next allocation rather than giving it back,
//! and lets each thread keep memory apart (an arena each): after the records are read on
//! another thread, the memory that reading took stays with the process. So the cockpit shares
//! one arena among its threads, gives large blocks straight back when freed, and hands back
//! what is free once the records are read. Elsewhere (musl, macOS) these do nothing.
//! Measured by `cargo bench --bench server -- --memory`.

/// Set once, before the cockpit reads anything: one arena for every thread, and blocks of
/// 128 KiB or more (a list of 100,000 rows) taken from the system and given back when freed.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's parameters, under its own lock.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    give_back_large_blocks();
}

/// Blocks of 128 KiB or more taken from the system and given back when freed, rather than
/// kept for later (glibc raises that bar as large blocks are freed, keeping ever larger ones).
/// Not for the server: each frame it packs would cost a system call more.
fn give_back_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's parameters, under its own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Gives memory freed since back to the system: after the roster is read, and after the
/// records are, when what reading them took is free again.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}
