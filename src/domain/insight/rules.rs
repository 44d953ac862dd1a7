//! The thresholds of every insight rule. Defaults are `data/rules.toml`, built in; a user file
//! overrides them key by key, and a key the defaults do not have is refused by name.

use serde::{Deserialize, Serialize};

/// The built-in rules file.
pub const DEFAULT_RULES: &str = include_str!("../../../data/rules.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub flags: FlagRules,
    pub points: PointsRules,
    pub urgency: UrgencyRules,
    pub calibration: CalibrationRules,
}

/// Distribution guidance for calibration sessions: shown, never enforced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationRules {
    pub guides: Vec<crate::domain::calibration::Guide>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagRules {
    pub engagement_drop: u32,
    pub performance_swing_kpi: u32,
    pub leave_ratio: f64,
    pub leave_min_days: u32,
    pub no_one_on_one_days: i64,
    pub no_one_on_one_days_key: i64,
    pub pip_checkin_days: i64,
    pub pip_ending_days: i64,
    pub successors_wanted: usize,
    pub pay_target_percentile_key: u8,
    pub left_recently_days: i64,
    pub referral_share: f64,
    pub referral_min_team: usize,
    pub stay_interview_days: i64,
    pub revocation_grace_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsRules {
    pub recent_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgencyRules {
    pub info: u32,
    pub watch: u32,
    pub high: u32,
    pub critical: u32,
    pub stage_confused: u32,
    pub stage_watching_market: u32,
    pub stage_hesitating: u32,
    pub stage_decided: u32,
    pub key_employee: u32,
}

/// Why a rules file was refused; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
#[error("rules file {file}: {message}")]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

impl Default for Rules {
    fn default() -> Self {
        // The built-in file is checked by a test; should it ever fail, that test says where.
        Rules::from_overrides("", "built-in rules").unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Rules {
    /// The built-in rules with the keys of `text` (a user's rules file) laid over them.
    pub fn from_overrides(text: &str, file: &str) -> Result<Rules, RulesError> {
        let invalid = |message: String| RulesError {
            file: file.to_string(),
            message,
        };
        let mut merged: toml::Table =
            toml::from_str(DEFAULT_RULES).map_err(|e| invalid(format!("built-in rules: {e}")))?;
        let user: toml::Table = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let sections = known(&merged);
        for (section, values) in user {
            let Some(toml::Value::Table(defaults)) = merged.get_mut(&section) else {
                return Err(invalid(format!(
                    "unknown section [{section}]; known sections: {sections}"
                )));
            };
            let toml::Value::Table(values) = values else {
                return Err(invalid(format!(
                    "`{section}` must be a section: [{section}]"
                )));
            };
            for (key, value) in values {
                if !defaults.contains_key(&key) {
                    return Err(invalid(format!(
                        "unknown key `{key}` in [{section}]; known keys: {}",
                        known(defaults)
                    )));
                }
                defaults.insert(key, value);
            }
        }
        let rules = Rules::deserialize(merged).map_err(|e| invalid(e.to_string()))?;
        for guide in &rules.calibration.guides {
            guide
                .cells()
                .map_err(|e| invalid(format!("[calibration] {e}")))?;
        }
        Ok(rules)
    }
}

fn known(table: &toml::Table) -> String {
    let names: Vec<&str> = table.keys().map(String::as_str).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_read_completely() {
        let rules = Rules::from_overrides("", "test").unwrap();
        assert_eq!(rules.flags.no_one_on_one_days, 30);
        assert_eq!(rules.flags.pay_target_percentile_key, 75);
        assert_eq!(rules, Rules::default());
    }

    #[test]
    fn a_user_file_overrides_key_by_key() {
        let rules =
            Rules::from_overrides("[flags]\nno_one_on_one_days = 21\n", "mine.toml").unwrap();
        assert_eq!(rules.flags.no_one_on_one_days, 21);
        assert_eq!(
            rules.flags.no_one_on_one_days_key, 14,
            "other keys keep their default"
        );
    }

    #[test]
    fn a_misspelled_key_is_refused_by_name() {
        let err =
            Rules::from_overrides("[flags]\nno_one_on_one_dayz = 21\n", "mine.toml").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("mine.toml") && message.contains("`no_one_on_one_dayz`"),
            "{message}"
        );
        assert!(
            message.contains("no_one_on_one_days"),
            "lists the known keys: {message}"
        );
        let err = Rules::from_overrides("[flag]\nx = 1\n", "mine.toml").unwrap_err();
        assert!(err.to_string().contains("unknown section [flag]"), "{err}");
    }

    #[test]
    fn calibration_guides_come_from_the_file_and_a_bad_box_is_named() {
        let rules = Rules::default();
        assert_eq!(rules.calibration.guides.len(), 2);
        assert_eq!(rules.calibration.guides[0].at_most_percent, Some(15.0));
        let mine = "[calibration]\nguides = [{ name = \"stars\", boxes = [\"high/hihg\"], at_most_percent = 10 }]\n";
        let err = Rules::from_overrides(mine, "mine.toml").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("mine.toml") && message.contains("high/hihg"),
            "{message}"
        );
        let none = Rules::from_overrides("[calibration]\nguides = []\n", "mine.toml").unwrap();
        assert!(none.calibration.guides.is_empty());
    }

    #[test]
    fn a_wrong_type_is_refused_with_the_key() {
        let err = Rules::from_overrides("[flags]\nengagement_drop = \"lots\"\n", "mine.toml")
            .unwrap_err();
        assert!(err.to_string().contains("engagement_drop"), "{err}");
    }
}
