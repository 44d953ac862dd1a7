//! The Retention tab's items and what the keys do with them: stay-interview follow-ups ticked,
//! points entries reversed, handover tasks done and confirmed, access revoked. And the points
//! view's period.

use super::flows::FormKind;
use super::{App, Effect, Focus, Tab, View};
use crate::domain::Change;
use crate::domain::ids::{DepartureId, EntryId, StayId};
use crate::domain::insight::points::{Standing, standings};
use chrono::{Datelike, NaiveDate};

/// An item of the Retention tab, in the order it shows them.
#[derive(Debug, Clone, PartialEq)]
pub enum RetentionItem {
    /// A follow-up of the person's latest stay interview.
    FollowUp { stay: StayId, index: usize },
    /// A handover task of their departure.
    Task { departure: DepartureId, task: u32 },
    /// An access to revoke in their departure.
    Revocation { departure: DepartureId, id: u32 },
    /// An entry of their points ledger, newest first.
    Entry { id: EntryId },
}

/// A row of the Departures view: a departure's heading, or one of its items.
#[derive(Debug, Clone, PartialEq)]
pub enum DepartureRow {
    Departure(DepartureId),
    Item(RetentionItem),
}

/// The period the points view counts over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    AllTime,
    Month,
    Quarter,
    Year,
}

impl Period {
    pub fn label(self) -> &'static str {
        match self {
            Period::AllTime => "all time",
            Period::Month => "this month",
            Period::Quarter => "this quarter",
            Period::Year => "this year",
        }
    }

    /// The first day counted, `None` for all time.
    pub fn since(self, today: NaiveDate) -> Option<NaiveDate> {
        let first = |month: u32| NaiveDate::from_ymd_opt(today.year(), month, 1);
        match self {
            Period::AllTime => None,
            Period::Month => first(today.month()),
            Period::Quarter => first(today.month0() / 3 * 3 + 1),
            Period::Year => first(1),
        }
    }

    fn next(self) -> Period {
        match self {
            Period::AllTime => Period::Month,
            Period::Month => Period::Quarter,
            Period::Quarter => Period::Year,
            Period::Year => Period::AllTime,
        }
    }
}

impl App {
    /// The Retention tab's items for `person`: the latest stay interview's follow-ups, their
    /// departure's tasks and revocations, then their points entries, newest first.
    pub fn retention_items(&self, person: &str) -> Vec<RetentionItem> {
        let mut items = Vec::new();
        if let Some(stay) = self.derived.stays(&self.org, person).last() {
            items.extend(
                (0..stay.follow_ups.len()).map(|index| RetentionItem::FollowUp {
                    stay: stay.id.clone(),
                    index,
                }),
            );
        }
        if let Some(departure) = self.derived.departures(&self.org, person).first() {
            items.extend(
                departure
                    .tasks_by_due()
                    .iter()
                    .map(|t| RetentionItem::Task {
                        departure: departure.id.clone(),
                        task: t.id,
                    }),
            );
            items.extend(
                departure
                    .revocations
                    .iter()
                    .map(|r| RetentionItem::Revocation {
                        departure: departure.id.clone(),
                        id: r.id,
                    }),
            );
        }
        items.extend(
            self.derived
                .ledger(&self.org, person)
                .into_iter()
                .map(|e| RetentionItem::Entry { id: e.id.clone() }),
        );
        items
    }

    /// The selected item: of the Retention tab, or of the Departures view.
    pub(super) fn retention_item(&self) -> Option<RetentionItem> {
        if self.view == View::Departures {
            return match self.departure_rows().into_iter().nth(self.item)? {
                DepartureRow::Item(item) => Some(item),
                DepartureRow::Departure(_) => None,
            };
        }
        if (self.view, self.focus, self.tab) != (View::People, Focus::Detail, Tab::Retention) {
            return None;
        }
        let person = self.roster.selected_id()?;
        self.retention_items(person).into_iter().nth(self.item)
    }

    /// The Departures view's rows: each departure of someone in scope, latest last day first,
    /// followed by its handover tasks and access to revoke.
    pub fn departure_rows(&self) -> Vec<DepartureRow> {
        let mut list: Vec<&crate::domain::departure::Departure> = self
            .org
            .departures
            .values()
            .filter(|d| self.derived.visible(d.person.as_str()))
            .collect();
        list.sort_by(|a, b| (b.last_day, &b.id).cmp(&(a.last_day, &a.id)));
        let mut rows = Vec::new();
        for d in list {
            rows.push(DepartureRow::Departure(d.id.clone()));
            rows.extend(d.tasks_by_due().iter().map(|t| {
                DepartureRow::Item(RetentionItem::Task {
                    departure: d.id.clone(),
                    task: t.id,
                })
            }));
            rows.extend(d.revocations.iter().map(|r| {
                DepartureRow::Item(RetentionItem::Revocation {
                    departure: d.id.clone(),
                    id: r.id,
                })
            }));
        }
        rows
    }

    /// The person behind the Departures view's selected row.
    pub(super) fn departure_person(&self) -> Option<String> {
        let id = match self.departure_rows().into_iter().nth(self.item)? {
            DepartureRow::Departure(id) => id,
            DepartureRow::Item(RetentionItem::Task { departure, .. })
            | DepartureRow::Item(RetentionItem::Revocation { departure, .. }) => departure,
            DepartureRow::Item(_) => return None,
        };
        self.org
            .departures
            .get(id.as_str())
            .map(|d| d.person.to_string())
    }

    /// `x` on the Retention tab: a follow-up done or open again, a handover task done.
    pub(super) fn toggle_retention(&mut self) -> Vec<Effect> {
        let change = match self.retention_item() {
            Some(RetentionItem::FollowUp { stay, index }) => {
                let done = self
                    .org
                    .stay_interviews
                    .get(stay.as_str())
                    .and_then(|s| s.follow_ups.get(index))
                    .and_then(|f| f.done);
                Change::SetFollowUpDone {
                    interview: stay,
                    index,
                    done: match done {
                        Some(_) => None,
                        None => Some(self.today),
                    },
                }
            }
            Some(RetentionItem::Task { departure, task }) => {
                if self
                    .task_of(&departure, task)
                    .is_some_and(|t| t.done_on.is_some())
                {
                    return self.say_here("That task is done already (u undoes it)");
                }
                Change::CompleteHandoverTask {
                    departure,
                    task,
                    on: self.today,
                }
            }
            Some(RetentionItem::Revocation { .. }) => {
                return self.say_here("Access is revoked with X, which records the time");
            }
            Some(RetentionItem::Entry { .. }) => {
                return self.say_here("A points entry is never changed: - reverses it");
            }
            None => return self.say_here("Move to a follow-up or a handover task first"),
        };
        vec![Effect::Apply(Box::new(change))]
    }

    /// `C`: the receiver confirms the selected handover task.
    pub(super) fn confirm_handover(&mut self) -> Vec<Effect> {
        let Some(RetentionItem::Task { departure, task }) = self.retention_item() else {
            return self.say_here(match self.view {
                super::View::Departures => "Select a handover task (not an access) first",
                _ => "Select a handover task in the Retention tab first",
            });
        };
        match self.task_of(&departure, task) {
            Some(t) if t.done_on.is_none() => {
                return self.say_here(
                    "The task is not done yet: x marks it done, then the receiver confirms",
                );
            }
            Some(t) if t.confirmed_on.is_some() => {
                return self.say_here("The receiver has confirmed it already");
            }
            _ => {}
        }
        vec![Effect::Apply(Box::new(Change::ConfirmHandoverTask {
            departure,
            task,
            on: self.today,
        }))]
    }

    /// `X`: the selected access is recorded as revoked now.
    pub(super) fn revoke_access(&mut self, now: chrono::DateTime<chrono::Utc>) -> Vec<Effect> {
        let Some(RetentionItem::Revocation { departure, id }) = self.retention_item() else {
            return self.say_here(match self.view {
                super::View::Departures => "Select an access to revoke (not a task) first",
                _ => "Select an access to revoke in the Retention tab first",
            });
        };
        let revoked = self
            .org
            .departures
            .get(departure.as_str())
            .and_then(|d| d.revocations.iter().find(|r| r.id == id))
            .and_then(|r| r.revoked_at);
        if let Some(at) = revoked {
            // The time it was revoked is the record: it is not stamped again.
            return self.say_here(&format!(
                "Revoked already, at {}",
                at.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        vec![Effect::Apply(Box::new(Change::RevokeAccess {
            departure,
            revocation: id,
            at: now,
        }))]
    }

    /// `-`: the form that reverses the selected points entry.
    pub(super) fn ask_reverse(&mut self) -> Vec<Effect> {
        let Some(RetentionItem::Entry { id }) = self.retention_item() else {
            return self.say_here("Select a points entry in the Retention tab first");
        };
        self.open_form(FormKind::ReversePoints {
            entry: id.to_string(),
        })
    }

    /// The departure the report key means: the Departures view's, or the selected person's
    /// newest.
    pub(super) fn departure_here(&self) -> Option<DepartureId> {
        if self.view == View::Departures {
            return match self.departure_rows().into_iter().nth(self.item)? {
                DepartureRow::Departure(id) => Some(id),
                DepartureRow::Item(RetentionItem::Task { departure, .. })
                | DepartureRow::Item(RetentionItem::Revocation { departure, .. }) => {
                    Some(departure)
                }
                DepartureRow::Item(_) => None,
            };
        }
        let person = self.roster.selected_id()?;
        self.derived
            .departures(&self.org, person)
            .first()
            .map(|d| d.id.clone())
    }

    /// The next period of the points view, its standings worked out once.
    pub(super) fn cycle_period(&mut self) {
        self.period = self.period.next();
        self.item = 0;
        self.refresh_period();
    }

    /// The points of the chosen period, worked out again for new records.
    pub(super) fn refresh_period(&mut self) {
        self.refresh_period_standings();
        self.order_for_presenting();
    }

    fn refresh_period_standings(&mut self) {
        if self.period == Period::AllTime && self.period_standings.is_empty() {
            return;
        }
        // On a shared server the ledger is not all here: the server works them out when asked
        // ([`super::served`]).
        if self.is_served() {
            return;
        }
        self.period_standings = match self.period.since(self.today) {
            None => Vec::new(),
            Some(since) => {
                let mut list: Vec<Standing> =
                    standings(&self.org, &self.rules, self.today, Some(since));
                list.retain(|s| self.derived.visible(&s.person));
                list
            }
        };
    }

    fn task_of(
        &self,
        departure: &DepartureId,
        task: u32,
    ) -> Option<&crate::domain::departure::HandoverTask> {
        self.org
            .departures
            .get(departure.as_str())
            .and_then(|d| d.tasks.iter().find(|t| t.id == task))
    }

    fn say_here(&mut self, message: &str) -> Vec<Effect> {
        self.status = Some(message.to_string());
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_the_first_of_the_month_quarter_and_year() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let today = day(11, 22);
        assert_eq!(Period::Month.since(today), Some(day(11, 1)));
        assert_eq!(Period::Quarter.since(today), Some(day(10, 1)));
        assert_eq!(Period::Year.since(today), Some(day(1, 1)));
        assert_eq!(Period::AllTime.since(today), None);
        assert_eq!(Period::Quarter.since(day(3, 31)), Some(day(1, 1)));
    }
}
