//! Placeholder until the demo organisation lands.
#[derive(Debug, thiserror::Error)]
#[error("not yet")]
pub struct DemoError;
pub fn demo_change(_today: chrono::NaiveDate) -> Result<crate::domain::Change, DemoError> {
    Err(DemoError)
}
