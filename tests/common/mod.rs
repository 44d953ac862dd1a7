//! What the server tests share: the demo in a new store, and a server in this process that
//! takes its connections to be a list of users, in order, instead of asking the kernel.

use crewdeck::server::{Identify, Peer, Server, Timeouts};
use crewdeck::store::Store;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A new store at `dir/NAME` holding the demo organisation.
pub fn demo_store(dir: &Path, name: &str) -> Store {
    let store = Store::create(&dir.join(name)).unwrap();
    let today = chrono::Local::now().date_naive();
    store
        .apply(
            &crewdeck::demo::demo_change(today).unwrap(),
            "owner",
            chrono::Utc::now(),
        )
        .unwrap();
    store
}

/// A server over `store` on `dir/serve.sock`, in this process; connections are taken to be
/// `names`, in order (none of them the file's owner), and waited for as `timeouts` says.
pub fn serve_as(dir: &Path, store: Store, names: &[&str], timeouts: Timeouts) -> PathBuf {
    let queue = Arc::new(Mutex::new(
        names.iter().map(|n| n.to_string()).collect::<VecDeque<_>>(),
    ));
    let identify: Identify = Box::new(move |_| {
        queue
            .lock()
            .unwrap()
            .pop_front()
            .map(|name| Peer { name, owner: false })
            .ok_or_else(|| "nobody expected".to_string())
    });
    let server = Server::with_timeouts(store, identify, timeouts).unwrap();
    let socket = dir.join("serve.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    std::thread::spawn(move || server.run(listener));
    socket
}
