//! A session's summary as Markdown: the session's facts, the 3×3 grid before and after, the
//! moves standing and undone, decisions, who was not discussed, and the distribution guidance.
//! `crewdeck calibrate summary` prints it; `crewdeck export calibration` writes it.

use super::{Report, cell_text, counts, evidence_text, grid, guide_text, when};
use crate::domain::calibration::Move;
use crate::export::formats::escape_markdown as esc;
use std::fmt::Write as _;

/// The summary of `report` as Markdown. Every text from the data is escaped.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    facts(report, &mut out);
    grid_section(report, &mut out);
    moves_section(report, &mut out);
    decisions_section(report, &mut out);
    let s = &report.summary;
    let _ = writeln!(out, "\n## Not discussed ({})\n", s.not_discussed.len());
    if s.not_discussed.is_empty() {
        out.push_str("Everyone was discussed.\n");
    }
    for (id, name) in &s.not_discussed {
        let _ = writeln!(out, "- {} ({})", esc(name), esc(id.as_str()));
    }
    out.push_str("\n## Distribution guidance\n\n");
    if s.guidance.is_empty() {
        out.push_str("The rules file gives no guidance.\n");
    }
    for g in &s.guidance {
        let boxes: Vec<&str> = g.boxes.iter().map(|c| c.name()).collect();
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            esc(&g.name),
            boxes.join(", "),
            guide_text(g)
        );
    }
    out
}

fn facts(report: &Report, out: &mut String) {
    let c = &report.summary.session;
    let _ = writeln!(out, "# Calibration: {}\n", esc(&c.name));
    let participants = match c.participants.is_empty() {
        true => "none besides the facilitator".to_string(),
        false => c.participants.join(", "),
    };
    let rows = [
        ("Session", c.id.to_string()),
        ("Quarter", c.quarter.to_string()),
        ("Teams", c.teams.join(", ")),
        ("Facilitator", c.facilitator.clone()),
        ("Participants", participants),
        ("Opened", when(c.opened)),
        ("Closed", c.closed.map_or("still open".to_string(), when)),
        ("People", report.headcount().to_string()),
    ];
    out.push_str("| | |\n| --- | --- |\n");
    for (label, value) in rows {
        let _ = writeln!(out, "| {label} | {} |", esc(&value));
    }
    if let Some(minutes) = c.timebox_minutes {
        let _ = writeln!(out, "| Timebox | {minutes} minutes a person |");
    }
}

fn grid_section(report: &Report, out: &mut String) {
    let s = &report.summary;
    out.push_str("\n## Before and after\n\n");
    out.push_str(
        "Each box: its name, then how many stood in it when the session opened → how many stand in it now.\n\n",
    );
    out.push_str("| potential ↓ · performance → | low | medium | high |\n");
    out.push_str("| --- | --- | --- | --- |\n");
    for row in grid() {
        let mut line = format!("| **{}** |", row[0].potential.label());
        for cell in row {
            let (before, after) = counts(s, cell);
            let _ = write!(line, " {}: {before} → {after} |", cell.name());
        }
        out.push_str(&line);
        out.push('\n');
    }
    let _ = writeln!(out, "\nIn no box: {} → {}.", s.unplaced.0, s.unplaced.1);
}

fn moves_section(report: &Report, out: &mut String) {
    let s = &report.summary;
    let _ = writeln!(out, "\n## Moves ({})\n", s.moves.len());
    move_table(&s.moves, false, out);
    let _ = writeln!(out, "\n## Undone moves ({})\n", s.undone.len());
    move_table(&s.undone, true, out);
}

fn move_table(moves: &[(String, Move)], undone: bool, out: &mut String) {
    if moves.is_empty() {
        out.push_str("None.\n");
        return;
    }
    out.push_str("| # | person | by | when | from | to | reason | words | evidence |");
    out.push_str(if undone { " undone |\n" } else { "\n" });
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    out.push_str(if undone { " --- |\n" } else { "\n" });
    for (i, (name, m)) in moves.iter().enumerate() {
        let _ = write!(
            out,
            "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            esc(name),
            esc(m.person.as_str()),
            esc(&m.by),
            when(m.at),
            cell_text(m.from),
            cell_text(m.to),
            m.reason.label(),
            esc(&m.words),
            esc(&evidence_text(m.evidence.as_ref())),
        );
        if let Some((at, by)) = &m.undone {
            let _ = write!(out, " {} by {} |", when(*at), esc(by));
        }
        out.push('\n');
    }
}

fn decisions_section(report: &Report, out: &mut String) {
    let s = &report.summary;
    let _ = writeln!(out, "\n## Decisions ({})\n", s.decisions.len());
    if s.decisions.is_empty() {
        out.push_str("None.\n");
        return;
    }
    out.push_str("| person | decision | by | when |\n| --- | --- | --- | --- |\n");
    for d in &s.decisions {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} | {} |",
            esc(&d.name),
            esc(d.person.as_str()),
            esc(&d.text),
            esc(&d.by),
            when(d.at)
        );
    }
}
