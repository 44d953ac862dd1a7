//! The cockpit driven with key strings, on the demo organisation.
