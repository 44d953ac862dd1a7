//! Who is at the other end of a Unix socket, as the kernel says (`SO_PEERCRED`), never as the
//! client claims.

use std::os::unix::io::AsRawFd;
use std::os::unix::net::UnixStream;

/// The user id of the process that connected `stream`.
///
/// Errors: the kernel's, if it cannot say (not a Unix socket).
pub fn peer_uid(stream: &UnixStream) -> std::io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are valid for writes of the sizes given, and the descriptor is
    // the stream's own, open for the duration of the call.
    let done = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if done != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(cred.uid)
}

/// The login name of user id `uid` (from the password database), or `None` if it has none.
pub fn user_name(uid: u32) -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is to memory owned here and valid for the sizes given;
    // getpwuid_r writes the strings it returns into `buffer`.
    let done = unsafe {
        libc::getpwuid_r(
            uid,
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut found,
        )
    };
    if done != 0 || found.is_null() {
        return None;
    }
    // SAFETY: on success `pw_name` points at a NUL-terminated string inside `buffer`.
    let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
    Some(name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_pair_names_this_process_user() {
        let (a, _b) = UnixStream::pair().unwrap();
        let uid = peer_uid(&a).unwrap();
        // SAFETY: getuid cannot fail.
        assert_eq!(uid, unsafe { libc::getuid() });
        assert_eq!(user_name(uid).as_deref(), Some(whoami_name().as_str()));
    }

    fn whoami_name() -> String {
        crate::paths::os_user()
    }
}
