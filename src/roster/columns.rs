//! Header to columns: which cell of a row holds which field of a person.
//!
//! HR systems name their columns in many ways, so each field has a canonical name and aliases.
//! A header cell is matched through [`crate::text::fold`] (so case, full-width letters and
//! no-break spaces do not matter), ignoring surrounding space and the difference between a space,
//! a hyphen and an underscore (`Employee ID`, `employee-id` and `employee_id` are the same).
//! Unknown columns are ignored and listed; a missing `id` or `name` column, or two columns for
//! the same field, is a problem. A name split into first, middle and last name columns (as many
//! HR systems export it) is joined, and a note says so.

use super::Problem;

/// A field of a person that a roster column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
    Id,
    Name,
    Title,
    Team,
    Manager,
    Level,
    Track,
    Location,
    HireDate,
    HireChannel,
    ReferredBy,
    Status,
    LastDay,
    Key,
    KeyReason,
    /// Parts of a name in three columns, joined when there is no name column.
    FirstName,
    MiddleName,
    LastName,
    /// An e-mail address: not kept, but a manager may be given by it.
    Email,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::Id,
        Field::Name,
        Field::Title,
        Field::Team,
        Field::Manager,
        Field::Level,
        Field::Track,
        Field::Location,
        Field::HireDate,
        Field::HireChannel,
        Field::ReferredBy,
        Field::Status,
        Field::LastDay,
        Field::Key,
        Field::KeyReason,
        Field::FirstName,
        Field::MiddleName,
        Field::LastName,
        Field::Email,
    ];

    /// The parts of a split name, in the order they are joined in Latin script.
    pub const NAME_PARTS: [Field; 3] = [Field::FirstName, Field::MiddleName, Field::LastName];

    /// The canonical column name, used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Title => "title",
            Field::Team => "team",
            Field::Manager => "manager",
            Field::Level => "level",
            Field::Track => "track",
            Field::Location => "location",
            Field::HireDate => "hire_date",
            Field::HireChannel => "hire_channel",
            Field::ReferredBy => "referred_by",
            Field::Status => "status",
            Field::LastDay => "last_day",
            Field::Key => "key",
            Field::KeyReason => "key_reason",
            Field::FirstName => "first_name",
            Field::MiddleName => "middle_name",
            Field::LastName => "last_name",
            Field::Email => "email",
        }
    }

    /// Other names HR systems give the column, in normalised form, English and Chinese (the
    /// headers of a Chinese HR system's export). Two columns that both name a field this way
    /// are a problem.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["employee_id", "emp_id", "工号", "员工编号", "员工工号"],
            Field::Name => &["full_name", "employee_name", "姓名"],
            Field::Title => &["job_title", "position", "职位", "岗位", "职务"],
            Field::Team => &["department", "dept", "部门", "团队"],
            Field::Manager => &["manager_id", "reports_to", "上级", "直属上级", "上级工号"],
            Field::Level => &["职级"],
            Field::Track => &["career_track", "职业通道"],
            Field::Location => &["工作地点", "地点"],
            Field::HireDate => &["hired", "start_date", "入职日期"],
            Field::HireChannel => &["source", "channel", "招聘渠道"],
            Field::ReferredBy => &["referrer", "referrer_id", "推荐人"],
            Field::Status => &["状态"],
            Field::LastDay => &["termination_date", "离职日期", "最后工作日"],
            Field::Key => &["key_employee", "核心员工"],
            Field::KeyReason => &["核心员工原因"],
            Field::FirstName => &["firstname", "given_name", "forename", "名"],
            Field::MiddleName => &["middlename", "middle_names"],
            Field::LastName => &["lastname", "surname", "family_name", "姓"],
            Field::Email => &[],
        }
    }

    /// Names other HR systems' exports use (ERPNext, OrangeHRM, Horilla and the like), read
    /// only when no column names the field by its name or an alias: a file with both
    /// `Manager ID` and `Manager Name` takes the id, and lists the name column as ignored.
    fn fallbacks(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "employee_number",
                "employee_no",
                "emp_no",
                "badge_id",
                "staff_id",
                "worker_id",
            ],
            Field::Name => &["display_name"],
            Field::Title => &["job_position", "designation", "job", "role"],
            Field::Team => &["department_name"],
            Field::Manager => &[
                "reporting_manager",
                "line_manager",
                "supervisor",
                "manager_name",
                "manager_email",
            ],
            Field::Level => &["grade"],
            Field::Location => &["office", "work_location"],
            Field::HireDate => &["date_of_joining", "date_joining", "joining_date"],
            Field::Status => &["employment_status", "employee_status"],
            Field::LastDay => &[
                "relieving_date",
                "date_of_leaving",
                "leaving_date",
                "exit_date",
                "last_working_day",
            ],
            Field::Email => &[
                "e_mail",
                "email_address",
                "work_email",
                "company_email",
                "邮箱",
            ],
            _ => &[],
        }
    }

    /// The field a header cell names by its name or an alias, if any.
    pub fn from_header(cell: &str) -> Option<Field> {
        let wanted = normalise(cell);
        Field::ALL
            .into_iter()
            .find(|f| f.name() == wanted || f.aliases().contains(&wanted.as_str()))
    }

    /// The field a header cell names by a fallback name, if any.
    fn from_fallback(cell: &str) -> Option<Field> {
        let wanted = normalise(cell);
        Field::ALL
            .into_iter()
            .find(|f| f.fallbacks().contains(&wanted.as_str()))
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// `  Employee-ID ` → `employee_id`; `Employee\u{a0}ID` and `ＩＤ` too.
fn normalise(cell: &str) -> String {
    let lower = crate::text::fold(cell);
    let words: Vec<&str> = lower
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .collect();
    words.join("_")
}

/// Where each field is in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Columns {
    index: [Option<usize>; Field::ALL.len()],
    /// Header cells that name no field, as written.
    pub ignored: Vec<String>,
}

impl Columns {
    /// Whether the file has a column for `field`.
    pub fn has(&self, field: Field) -> bool {
        self.index[field.index()].is_some()
    }

    /// The field the column at `at` gives, if any.
    pub fn field_at(&self, at: usize) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| self.index[f.index()] == Some(at))
    }

    /// Whether the name is joined from first, middle and last name columns.
    pub fn joins_name(&self) -> bool {
        !self.has(Field::Name) && (self.has(Field::FirstName) || self.has(Field::LastName))
    }

    /// The cell for `field` in `cells`; `None` when the file has no such column.
    pub fn cell<'a>(&self, cells: &'a [String], field: Field) -> Option<&'a str> {
        let at = self.index[field.index()]?;
        cells.get(at).map(String::as_str)
    }
}

/// Maps the header cells to fields, adding to `problems` a missing `id` or `name` column and
/// every field named by two columns, and to `notes` a name joined from its parts. The header is
/// usable when nothing was added to `problems`.
pub(super) fn map_header(
    header: &[String],
    line: u64,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) -> Columns {
    let mut columns = Columns {
        index: [None; Field::ALL.len()],
        ignored: Vec::new(),
    };
    let mut unnamed = Vec::new();
    for (at, cell) in header.iter().enumerate() {
        let Some(field) = Field::from_header(cell) else {
            unnamed.push(at);
            continue;
        };
        match columns.index[field.index()] {
            Some(first) => problems.push(Problem::in_field(
                line,
                field.name(),
                format!(
                    "columns `{}` and `{cell}` both give the {}; keep one",
                    header[first],
                    field.name()
                ),
            )),
            None => columns.index[field.index()] = Some(at),
        }
    }
    // Fallback names fill only the fields no column names outright, each with its first column.
    for at in unnamed {
        let cell = &header[at];
        match Field::from_fallback(cell) {
            Some(field) if !columns.has(field) => columns.index[field.index()] = Some(at),
            _ => columns.ignored.push(ignored_name(cell, at)),
        }
    }
    if columns.joins_name() {
        let parts: Vec<String> = Field::NAME_PARTS
            .iter()
            .filter_map(|f| columns.index[f.index()].map(|at| crate::text::escaped(&header[at])))
            .collect();
        notes.push(format!(
            "there is no name column: each name is joined from the columns {} (family name \
             first when it is written in Chinese characters)",
            parts.join(", ")
        ));
    }
    for field in [Field::Id, Field::Name] {
        let given = columns.has(field) || (field == Field::Name && columns.joins_name());
        if !given {
            let names = std::iter::once(field.name())
                .chain(field.aliases().iter().copied())
                .chain(field.fallbacks().iter().copied());
            let mut names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
            if field == Field::Name {
                names.push("or `first_name` and `last_name`".to_string());
            }
            problems.push(Problem::in_field(
                line,
                field.name(),
                format!(
                    "no column for the {}: name one {}",
                    field.name(),
                    names.join(", ")
                ),
            ));
        }
    }
    columns
}

fn ignored_name(cell: &str, at: usize) -> String {
    if cell.is_empty() {
        format!("(column {}, no name)", at + 1)
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn names_and_aliases_match_whatever_the_case_and_spacing() {
        let cases = [
            ("ID", Field::Id),
            ("Employee ID", Field::Id),
            ("employee_id", Field::Id),
            ("EMP_ID", Field::Id),
            (" Full_Name ", Field::Name),
            ("employee name", Field::Name),
            ("Job Title", Field::Title),
            ("position", Field::Title),
            ("Department", Field::Team),
            ("dept", Field::Team),
            ("Manager", Field::Manager),
            ("manager id", Field::Manager),
            ("Reports-To", Field::Manager),
            ("career_track", Field::Track),
            ("Start Date", Field::HireDate),
            ("hired", Field::HireDate),
            ("source", Field::HireChannel),
            ("Channel", Field::HireChannel),
            ("referrer_id", Field::ReferredBy),
            ("Referrer", Field::ReferredBy),
            ("Termination Date", Field::LastDay),
            ("key employee", Field::Key),
            ("KEY_REASON", Field::KeyReason),
            ("工号", Field::Id),
            ("姓名", Field::Name),
            (" 部门 ", Field::Team),
            ("直属上级", Field::Manager),
            ("入职日期", Field::HireDate),
            ("Employee\u{a0}ID", Field::Id),
            ("Full\u{a0}Name", Field::Name),
            ("Department ", Field::Team),
            ("ＩＤ", Field::Id),
            ("first_name", Field::FirstName),
            ("Last Name", Field::LastName),
        ];
        for (cell, field) in cases {
            assert_eq!(Field::from_header(cell), Some(field), "{cell}");
        }
        let fallbacks = [
            ("Badge id", Field::Id),
            ("Designation", Field::Title),
            ("Reporting Manager", Field::Manager),
            ("Relieving Date", Field::LastDay),
            ("Date of Joining", Field::HireDate),
            ("Work Email", Field::Email),
        ];
        for (cell, field) in fallbacks {
            assert_eq!(Field::from_fallback(cell), Some(field), "{cell}");
        }
        assert_eq!(Field::from_header("salary"), None);
    }

    #[test]
    fn unknown_columns_are_ignored_and_listed() {
        let mut problems = Vec::new();
        let cells = header(&["Employee ID", "Salary", "name", "", "Department"]);
        let columns = map_header(&cells, 1, &mut problems, &mut Vec::new());
        assert_eq!(problems, vec![]);
        assert_eq!(columns.ignored, vec!["Salary", "(column 4, no name)"]);
        let row = header(&["E1", "9000", "Ann", "", "Ops"]);
        assert_eq!(columns.cell(&row, Field::Team), Some("Ops"));
        assert_eq!(columns.cell(&row, Field::Name), Some("Ann"));
        assert_eq!(columns.cell(&row, Field::Title), None);
    }

    #[test]
    fn missing_required_columns_are_named() {
        let mut problems = Vec::new();
        map_header(
            &header(&["title", "team"]),
            3,
            &mut problems,
            &mut Vec::new(),
        );
        let found: Vec<(Option<u64>, Option<&str>)> = problems
            .iter()
            .map(|p| (p.line, p.field.as_deref()))
            .collect();
        assert_eq!(found, vec![(Some(3), Some("id")), (Some(3), Some("name"))]);
        assert!(
            problems[0].message.contains("`employee_id`"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_name_in_three_columns_is_joined_and_said() {
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let cells = header(&["first_name", "middle_name", "last_name", "employee_id"]);
        let columns = map_header(&cells, 1, &mut problems, &mut notes);
        assert_eq!(problems, vec![]);
        assert!(columns.joins_name());
        assert!(
            notes[0].contains("first_name, middle_name, last_name"),
            "{notes:?}"
        );
        let cells = header(&["id", "title"]);
        map_header(&cells, 1, &mut problems, &mut notes);
        assert!(problems[0].message.contains("`first_name`"), "{problems:?}");
    }

    #[test]
    fn a_fallback_column_gives_way_to_a_named_one() {
        let mut problems = Vec::new();
        let cells = header(&[
            "Employee ID",
            "Name",
            "Manager ID",
            "Manager Name",
            "Email",
            "Work Email",
            "Job Title",
            "Role",
        ]);
        let columns = map_header(&cells, 1, &mut problems, &mut Vec::new());
        assert_eq!(problems, vec![]);
        let row = header(&["E2", "Bob", "E1", "Ann", "b@x", "bob@x", "Clerk", "ops"]);
        assert_eq!(columns.cell(&row, Field::Manager), Some("E1"));
        assert_eq!(columns.cell(&row, Field::Email), Some("b@x"));
        assert_eq!(columns.cell(&row, Field::Title), Some("Clerk"));
        assert_eq!(columns.ignored, vec!["Manager Name", "Work Email", "Role"]);
    }

    #[test]
    fn two_columns_for_one_field_is_a_problem() {
        let mut problems = Vec::new();
        let cells = header(&["id", "name", "Emp ID", "dept", "team"]);
        map_header(&cells, 1, &mut problems, &mut Vec::new());
        let found: Vec<(Option<&str>, &str)> = problems
            .iter()
            .map(|p| (p.field.as_deref(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    Some("id"),
                    "columns `id` and `Emp ID` both give the id; keep one"
                ),
                (
                    Some("team"),
                    "columns `dept` and `team` both give the team; keep one"
                ),
            ]
        );
    }
}
