//! crewdeck: a keyboard-driven terminal cockpit for people managers.
//!
//! The library holds everything; the `crewdeck` binary only calls [`cli::run`].
//!
//! - [`domain`]: plain types and pure rules, and [`domain::Change`], the one way to mutate.
//! - [`store`]: the redb database, where a change is applied together with its audit record.
//! - [`auth`]: who may see and change what, decided in one place.
//! - [`backend`]: what the user interface talks to.
//! - [`demo`], [`roster`], [`export`], [`import`]: the demo organisation, roster import, exports
//!   and the imports that read them back.
//! - [`app`]: the cockpit's model, driven by keys; [`ui`] draws it; [`runtime`] runs it.
//! - [`server`]: `crewdeck serve`, the shared server, and the backend that talks to it.
//! - [`cli`]: the command line.

pub mod app;
pub mod auth;
pub mod backend;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod import;
pub mod logging;
pub mod paths;
pub mod roster;
pub mod runtime;
pub mod server;
pub mod store;
pub mod synth;
pub mod text;
pub mod ui;
