//! A session's summary as one self-contained HTML page for printing: the 3×3 grid before and
//! after, the moves, decisions, who was not discussed and the guidance. No script, no external
//! resource (a content security policy says so to the browser too); every text from the data
//! is made safe ([`crate::text::safe_line`]) and then escaped.

use super::{Report, cell_text, counts, evidence_text, grid, guide_text, when};
use crate::domain::calibration::Move;
use crate::text::safe_line;
use std::fmt::Write as _;

/// What the page looks like on paper: A4 landscape, small type, the grid first.
const STYLE: &str = "@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font: 8.5pt/1.3 system-ui, sans-serif; color: #000; background: #fff; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 2mm; }
h2 { font-size: 10pt; margin: 3mm 0 1mm; }
p.facts { margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }
th, td { border: 1px solid #777; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
table.grid { width: auto; }
table.grid td { width: 42mm; height: 15mm; }
table.grid .name { display: block; font-weight: bold; }
table.grid .count { font-size: 11pt; }
.columns { display: flex; gap: 6mm; }
.columns > div { flex: 1; }
ul { margin: 0; padding-left: 4mm; }
@media screen { body { margin: 10mm; } }
";

/// Escapes `text` for HTML after making its control characters visible.
fn esc(text: &str) -> String {
    let safe = safe_line(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The summary of `report` as a printable HTML page.
pub fn html(report: &Report) -> String {
    let c = &report.summary.session;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    let _ = writeln!(out, "<title>Calibration: {}</title>", esc(&c.name));
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>Calibration: {}</h1>", esc(&c.name));
    facts(report, &mut out);
    out.push_str("<div class=\"columns\">\n<div>\n");
    grid_table(report, &mut out);
    guidance(report, &mut out);
    out.push_str("</div>\n<div>\n");
    decisions(report, &mut out);
    not_discussed(report, &mut out);
    out.push_str("</div>\n</div>\n");
    let s = &report.summary;
    let _ = writeln!(out, "<h2>Moves ({})</h2>", s.moves.len());
    move_table(&s.moves, &mut out);
    let _ = writeln!(out, "<h2>Undone moves ({})</h2>", s.undone.len());
    move_table(&s.undone, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

fn facts(report: &Report, out: &mut String) {
    let c = &report.summary.session;
    let participants = match c.participants.is_empty() {
        true => "none besides the facilitator".to_string(),
        false => c.participants.join(", "),
    };
    let closed = c.closed.map_or("still open".to_string(), when);
    let timebox = c.timebox_minutes.map_or(String::new(), |m| {
        format!(" · timebox {m} minutes a person")
    });
    let _ = writeln!(
        out,
        "<p class=\"facts\">Session {} · quarter {} · teams {} · facilitator {} · participants {} · opened {} · closed {} · {} people{timebox}</p>",
        esc(c.id.as_str()),
        c.quarter,
        esc(&c.teams.join(", ")),
        esc(&c.facilitator),
        esc(&participants),
        when(c.opened),
        closed,
        report.headcount(),
    );
}

fn grid_table(report: &Report, out: &mut String) {
    let s = &report.summary;
    out.push_str("<h2>Before → after</h2>\n<table class=\"grid\">\n");
    out.push_str(
        "<tr><th>potential ↓ · performance →</th><th>low</th><th>medium</th><th>high</th></tr>\n",
    );
    for row in grid() {
        let _ = write!(out, "<tr><th>{}</th>", row[0].potential.label());
        for cell in row {
            let (before, after) = counts(s, cell);
            let _ = write!(
                out,
                "<td><span class=\"name\">{}</span><span class=\"count\">{before} → {after}</span></td>",
                cell.name()
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    let _ = writeln!(
        out,
        "<p>In no box: {} → {}.</p>",
        s.unplaced.0, s.unplaced.1
    );
}

fn guidance(report: &Report, out: &mut String) {
    out.push_str("<h2>Distribution guidance</h2>\n");
    if report.summary.guidance.is_empty() {
        out.push_str("<p>The rules file gives no guidance.</p>\n");
        return;
    }
    out.push_str("<ul>\n");
    for g in &report.summary.guidance {
        let boxes: Vec<&str> = g.boxes.iter().map(|c| c.name()).collect();
        let _ = writeln!(
            out,
            "<li>{} ({}): {}</li>",
            esc(&g.name),
            boxes.join(", "),
            esc(&guide_text(g))
        );
    }
    out.push_str("</ul>\n");
}

fn decisions(report: &Report, out: &mut String) {
    let s = &report.summary;
    let _ = writeln!(out, "<h2>Decisions ({})</h2>", s.decisions.len());
    if s.decisions.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str("<table>\n<tr><th>person</th><th>decision</th><th>by</th><th>when</th></tr>\n");
    for d in &s.decisions {
        let _ = writeln!(
            out,
            "<tr><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.name),
            esc(d.person.as_str()),
            esc(&d.text),
            esc(&d.by),
            when(d.at)
        );
    }
    out.push_str("</table>\n");
}

fn not_discussed(report: &Report, out: &mut String) {
    let left = &report.summary.not_discussed;
    let _ = writeln!(out, "<h2>Not discussed ({})</h2>", left.len());
    if left.is_empty() {
        out.push_str("<p>Everyone was discussed.</p>\n");
        return;
    }
    let names: Vec<String> = left
        .iter()
        .map(|(id, name)| format!("{} ({})", esc(name), esc(id.as_str())))
        .collect();
    let _ = writeln!(out, "<p>{}</p>", names.join(", "));
}

fn move_table(moves: &[(String, Move)], out: &mut String) {
    if moves.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str("<table>\n<tr><th>#</th><th>person</th><th>by</th><th>when</th><th>from</th><th>to</th><th>reason</th><th>words</th><th>evidence</th></tr>\n");
    for (i, (name, m)) in moves.iter().enumerate() {
        let undone = m.undone.as_ref().map_or(String::new(), |(at, by)| {
            format!(" (undone {} by {})", when(*at), esc(by))
        });
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}{undone}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
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
    }
    out.push_str("</table>\n");
}
