//! Wide and zero-width characters at the edges, drawn on ratatui's `TestBackend` from the
//! screen cases: a CJK character under a window's edge, a wrapped Chinese title at a pane's
//! border, a long Chinese user name in the header, a Persian name's non-joiner.

use super::tests::draw;
use crate::app::App;
use crate::app::tests::{press, type_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An app on an organisation made only of the roster `csv`, as `import roster` makes it, as
/// `actor`.
fn roster_app(csv: &str, actor: &str) -> App {
    let mut org = crate::domain::Org::default();
    let plan = crate::roster::plan_import_on(
        csv.as_bytes(),
        crate::roster::Encoding::UTF8,
        "roster.csv",
        &org,
        crate::app::tests::today(),
    )
    .expect("the roster reads");
    let change = plan.change("roster.csv").expect("people to add");
    org.apply(&change).expect("the roster applies");
    App::new(
        org,
        crate::domain::insight::Rules::default(),
        crate::app::keymap::Keymap::load(None).expect("keymap"),
        crate::app::tests::today(),
        actor,
    )
}

/// The symbols of row `y` of what the terminal shows, one a cell (a wide character's second
/// cell is the empty string).
fn row_cells(terminal: &Terminal<TestBackend>, y: u16) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect()
}

/// The text of columns `from..to` of row `y`, as a terminal shows it: a wide character once.
fn row_text(terminal: &Terminal<TestBackend>, y: u16, from: usize, to: usize) -> String {
    let cells = row_cells(terminal, y);
    let mut text = String::new();
    let mut x = from;
    while x < to {
        text.push_str(&cells[x]);
        x += unicode_width::UnicodeWidthStr::width(cells[x].as_str()).max(1);
    }
    text
}

#[test]
fn a_wide_character_under_the_finders_edge_leaves_its_border_whole() {
    // Names that put a CJK character across the finder's left edge, whatever their order.
    let mut app = roster_app(
        include_str!("../../tests/cases/screen/popup_over_wide_char.csv"),
        "admin",
    );
    press(&mut app, "ctrl-p");
    // The backend shows what the terminal is sent: a cell skipped after a wide character is
    // never drawn.
    let terminal = draw(&app, 100, 30);
    let shown = terminal.backend().to_string();
    // The finder is 90×24, centred on the body (rows 1 to 28): columns 5 to 94, rows 3 to 26.
    for y in 3..=26 {
        let cells = row_cells(&terminal, y);
        let (left, right) = match y {
            3 => ("┏", "┓"),
            26 => ("┗", "┛"),
            _ => ("┃", "┃"),
        };
        assert_eq!(
            (cells[5].as_str(), cells[94].as_str()),
            (left, right),
            "row {y}:\n{shown}"
        );
        let under = &cells[4];
        assert!(
            unicode_width::UnicodeWidthStr::width(under.as_str()) <= 1,
            "nothing left of the border reaches into it, row {y}: {under:?}\n{shown}"
        );
    }
    assert!(shown.contains("Find anyone"), "{shown}");
}

#[test]
fn a_wrapped_chinese_title_stays_inside_the_person_pane() {
    let app = roster_app(
        include_str!("../../tests/cases/screen/wide_title_wrap_overflow.csv"),
        "admin",
    );
    let terminal = draw(&app, 87, 20);
    let shown = terminal.backend().to_string();
    // The person pane is the right 62% of the body: columns 33 to 86, rows 1 to 18.
    for y in 1..=18 {
        let cells = row_cells(&terminal, y);
        let border = match y {
            1 => "┐",
            18 => "┘",
            _ => "│",
        };
        assert_eq!(
            cells[86], border,
            "row {y} keeps the pane's border:\n{shown}"
        );
        assert_eq!(
            cells[33],
            if y == 1 {
                "┌"
            } else if y == 18 {
                "└"
            } else {
                "│"
            }
        );
    }
    // The title and its team are shown whole, over two lines.
    let text: String = (1..=18).map(|y| row_text(&terminal, y, 34, 86)).collect();
    assert!(
        text.contains("华东区大客户销售部高级客户经理兼渠道合作负责人") && text.contains("销售"),
        "{shown}"
    );
}

#[test]
fn a_long_chinese_name_in_the_header_leaves_the_date_whole() {
    let name = "欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜";
    let app = roster_app(
        include_str!("../../tests/cases/screen/wide_title_wrap_overflow.csv"),
        name,
    );
    for width in [40, 60, 87, 120] {
        let terminal = draw(&app, width, 20);
        let header = row_text(&terminal, 0, 0, usize::from(width));
        assert!(
            header.trim_end().ends_with("· 2026-11-22"),
            "{width} columns: {header:?}"
        );
        assert!(
            header.contains("欧阳"),
            "{width} columns: as much of the name as fits: {header:?}"
        );
        // 64 cells of name, 14 of the day and 21 of the views by number do not fit in 87.
        if width <= 87 {
            assert!(
                header.contains('…'),
                "{width} columns: the name says it was cut: {header:?}"
            );
        }
    }
    // A name that fits is shown whole.
    let app = roster_app(
        include_str!("../../tests/cases/screen/wide_title_wrap_overflow.csv"),
        "欧阳娜娜",
    );
    // At 87 columns the views keep their names and the date gives way; at 100 it is back.
    let header = row_text(&draw(&app, 87, 20), 0, 0, 87);
    assert!(
        header.contains("8 Calib") && header.trim_end().ends_with("欧阳娜娜"),
        "{header:?}"
    );
    let header = row_text(&draw(&app, 100, 20), 0, 0, 100);
    assert!(header.contains("欧阳娜娜 · 2026-11-22"), "{header:?}");
}

#[test]
fn a_persian_name_keeps_its_non_joiner_on_screen_and_the_cursor_follows_it() {
    let persian = include_str!("../../tests/cases/editor/note_persian_zwnj.txt");
    let mut app = roster_app(
        &format!("id,name,title,team\nP1,{persian},Engineer,Core\n"),
        "admin",
    );
    let zwnj_at = |terminal: &Terminal<TestBackend>, rows: std::ops::Range<u16>, from: usize| {
        rows.flat_map(|y| {
            row_cells(terminal, y)
                .into_iter()
                .enumerate()
                .skip(from)
                .filter(|(_, cell)| cell.contains('\u{200c}'))
                .map(move |(x, _)| (x, y))
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
    };
    // In the finder, with the letters matched highlighted.
    press(&mut app, "ctrl-p");
    type_text(&mut app, "\u{62d}\u{633}");
    let terminal = draw(&app, 100, 30);
    assert_eq!(
        zwnj_at(&terminal, 3..26, 6).len(),
        1,
        "{}",
        terminal.backend()
    );
    // In a GROW note, typed: the cursor is eight cells on, the non-joiner takes none.
    press(&mut app, "enter n");
    type_text(&mut app, persian);
    let mut terminal = draw(&app, 100, 30);
    let found = zwnj_at(&terminal, 2..29, 0);
    let (x, y) = *found
        .first()
        .unwrap_or_else(|| panic!("{}", terminal.backend()));
    let start = x - 3; // the non-joiner rides on the fourth letter
    let cursor = terminal.get_cursor_position().expect("cursor");
    assert_eq!(
        (cursor.x, cursor.y),
        (start as u16 + 8, y),
        "{}",
        terminal.backend()
    );
}
