//! Calendar dates written in policies ("Last updated: July 17, 2025"), for
//! rules with `max-age-months`: finding them in a piece of text, reading
//! them, and comparing them with today.
//!
//! A small parser on purpose: policies write dates in a dozen shapes, and
//! all that is needed is the day they name. Formats read (case-insensitive):
//!
//! | written | read as |
//! | --- | --- |
//! | `July 17, 2025`, `Jul. 17 2025`, `July 17th, 2025` | 2025-07-17 |
//! | `17 July 2025`, `17th of July, 2025`, `17-Jul-2025` | 2025-07-17 |
//! | `2025-09-11`, `2025/09/11`, `2025.09.11`, `2025-09-11T10:00:00Z` | 2025-09-11 |
//! | `09/11/2025`, `9-11-25` | 2025-09-11: month first, as in the US; day first only when the first number cannot be a month (`20/12/2018`) |
//! | `11.09.2025` | 2025-09-11: day first, as in Europe; month first only when the second number cannot be a month |
//! | `12,20,18(Month Day, Year)` | 2018-12-20: the order comes from the hint in brackets (`(MM/DD/YYYY)`, `(DD.MM.YYYY)`, ...) |
//! | `May 2017`, `May, 2017`, `5/2017` | 2017-05-31: month precision, taken as the last day of the month |
//!
//! Two-digit years are read as in POSIX `strptime`: `00`–`68` are 2000–2068,
//! `69`–`99` are 1969–1999. Impossible dates (`February 30, 2025`,
//! `13/13/2025`) and years outside 1900–2999 are not dates.
//!
//! Calendar arithmetic is done by hand (days from the civil date, proleptic
//! Gregorian calendar); no time zones are involved: a date is a day.

use std::fmt;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::{Captures, Regex};

/// The environment variable that fixes "today" (`YYYY-MM-DD`), for
/// reproducible runs and tests.
pub const TODAY_VAR: &str = "CLAUSELINT_TODAY";

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date, if it exists in the Gregorian calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Self { year, month, day })
    }

    /// Reads `YYYY-MM-DD`, and nothing else.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn from_days(days: i64) -> Self {
        let (year, month, day) = civil_from_days(days);
        Self { year, month, day }
    }

    /// The same day `months` months earlier; the last day of the month when
    /// that month is shorter (2025-03-31 minus one month is 2025-02-28).
    pub fn months_before(self, months: u32) -> Self {
        let total = self.year * 12 + self.month as i32 - 1 - months as i32;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Self {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How precisely a written date names a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    /// `May 2017`: the date is the last day of that month.
    Month,
}

/// A date found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the date in the text searched.
    pub range: Range<usize>,
    pub date: Date,
    pub precision: Precision,
}

impl FoundDate {
    /// The date as reported to users: `2025-07-17`, or `2017-05` for a
    /// month.
    pub fn display(&self) -> String {
        match self.precision {
            Precision::Day => self.date.to_string(),
            Precision::Month => format!("{:04}-{:02}", self.date.year, self.date.month),
        }
    }
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// A word of an order hint: `(Month Day, Year)`, `(MM/DD/YYYY)`.
const ORDER: &str = r"(?:month|day|year|mm|dd|yyyy|yy|m|d|y)";

/// Every written shape, most specific first: at one position the first
/// alternative that matches wins. The built-in rule `last-updated` finds
/// dates with a regex of the same shapes (vocabulary `quality-date`); a
/// test keeps the two in step.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTH;
    let patterns = [
        // 12,20,18(Month Day, Year): numbers whose order a hint gives.
        format!(
            r"\b(?P<ha>[0-9]{{1,4}})\s*[,./-]\s*(?P<hb>[0-9]{{1,2}})\s*[,./-]\s*(?P<hc>[0-9]{{1,4}})\s*\(\s*(?P<hint>{ORDER}(?:[ ,/.-]+{ORDER}){{2}})\s*\)"
        ),
        // July 17, 2025 / Jul. 17 2025 / July 17th, 2025
        format!(
            r"\b(?P<m1>{m})\b\.?,?\s*(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y1>[0-9]{{4}})\b"
        ),
        // 17 July 2025 / 17th of July, 2025
        format!(
            r"\b(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)(?:of\s+)?(?P<m2>{m})\b\.?(?:\s*,?\s*(?:of\s+)?|-)(?P<y2>[0-9]{{4}})\b"
        ),
        // 2025年7月17日 / 2025 年 7 月: Japanese, year first. No `\b`: a
        // kanji before the year is a word character in Unicode.
        r"(?P<y8>[0-9]{4})\s*年\s*(?P<m8>[0-9]{1,2})\s*月(?:\s*(?P<d8>[0-9]{1,2})\s*日)?".to_owned(),
        // 令和7年7月17日 / 平成31年4月: a Japanese era year.
        r"(?P<era>令和|平成)\s*(?P<ey>[0-9]{1,2}|元)\s*年\s*(?P<em>[0-9]{1,2})\s*月(?:\s*(?P<ed>[0-9]{1,2})\s*日)?".to_owned(),
        // 2025-09-11 / 2025/09/11 / 2025.09.11 (ASCII `\b`: "改定日2025/07/17")
        r"(?-u:\b)(?P<y3>[0-9]{4})[-/.](?P<m3>[0-9]{1,2})[-/.](?P<d3>[0-9]{1,2})(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?\b".to_owned(),
        // 09/11/2025, 9-11-25: month first (US).
        r"\b(?P<a4>[0-9]{1,2})[/-](?P<b4>[0-9]{1,2})[/-](?P<y4>[0-9]{4}|[0-9]{2})\b".to_owned(),
        // 11.09.2025: day first (Europe).
        r"\b(?P<a5>[0-9]{1,2})\.(?P<b5>[0-9]{1,2})\.(?P<y5>[0-9]{4})\b".to_owned(),
        // May 2017 / May, 2017: a month.
        format!(r"\b(?P<m6>{m})\b\.?\s*,?\s*(?P<y6>[0-9]{{4}})\b"),
        // 1/2016, 08/2011: a month.
        r"\b(?P<m7>[0-9]{1,2})/(?P<y7>[0-9]{4})\b".to_owned(),
    ];
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!("(?i){joined}")).expect("the date regex compiles")
});

/// Compiles the date regex now, so that the first document does not wait
/// for it: a run starts this on a spare thread while it compiles the rules.
pub fn prepare() {
    LazyLock::force(&DATE);
}

/// Every readable date in `text`, in order. Shapes that name no real day
/// (`February 30, 2025`) are skipped.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    DATE.captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let (date, precision) = read(&caps)?;
            Some(FoundDate {
                range: whole.range(),
                date,
                precision,
            })
        })
        .collect()
}

fn read(caps: &Captures) -> Option<(Date, Precision)> {
    let num = |name: &str| caps.name(name)?.as_str().parse::<u32>().ok();
    let month = |name: &str| caps.name(name).and_then(|m| month_number(m.as_str()));
    let day = |d| Some((d, Precision::Day));
    if let Some(hint) = caps.name("hint") {
        let (y, m, d) = by_hint(hint.as_str(), [num("ha")?, num("hb")?, num("hc")?])?;
        return day(Date::new(hinted_year(y)?, m, d)?);
    }
    if caps.name("m1").is_some() {
        return day(Date::new(year(num("y1")?, 4)?, month("m1")?, num("d1")?)?);
    }
    if caps.name("m2").is_some() {
        return day(Date::new(year(num("y2")?, 4)?, month("m2")?, num("d2")?)?);
    }
    if let Some((y, m, d)) = japanese(caps) {
        return match d {
            Some(d) => day(Date::new(y, m, d)?),
            None => Some((Date::new(y, m, days_in_month(y, m))?, Precision::Month)),
        };
    }
    if caps.name("y3").is_some() {
        return day(Date::new(year(num("y3")?, 4)?, num("m3")?, num("d3")?)?);
    }
    if let Some(y) = caps.name("y4") {
        let (a, b) = (num("a4")?, num("b4")?);
        // Month first unless the first number cannot be a month.
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        return day(Date::new(year(y.as_str().parse().ok()?, y.len())?, m, d)?);
    }
    if caps.name("y5").is_some() {
        let (a, b) = (num("a5")?, num("b5")?);
        // Day first unless the second number cannot be a month.
        let (d, m) = if b > 12 { (b, a) } else { (a, b) };
        return day(Date::new(year(num("y5")?, 4)?, m, d)?);
    }
    let (y, m) = if caps.name("m6").is_some() {
        (year(num("y6")?, 4)?, month("m6")?)
    } else {
        (year(num("y7")?, 4)?, num("m7")?)
    };
    let date = Date::new(y, m, days_in_month(y, m))?;
    Some((date, Precision::Month))
}

/// The year, month and (if written) day of a Japanese date. An era year
/// counts from the era's first year: 令和1 (元年) is 2019, 平成1 is 1989.
fn japanese(caps: &Captures) -> Option<(i32, u32, Option<u32>)> {
    let num = |name: &str| caps.name(name)?.as_str().parse::<u32>().ok();
    if caps.name("y8").is_some() {
        return Some((year(num("y8")?, 4)?, num("m8")?, num("d8")));
    }
    let era = caps.name("era")?.as_str();
    let first = if era == "令和" { 2019 } else { 1989 };
    let nth = match caps.name("ey")?.as_str() {
        "元" => 1,
        n => n.parse::<i32>().ok()?,
    };
    Some((first + nth - 1, num("em")?, num("ed")))
}

/// A year as written: four digits as they are, two digits by the POSIX
/// pivot. Years outside 1900–2999 are not read.
fn year(value: u32, digits: usize) -> Option<i32> {
    let value = value as i32;
    let y = match digits {
        2 if value < 69 => 2000 + value,
        2 => 1900 + value,
        _ => value,
    };
    (1900..=2999).contains(&y).then_some(y)
}

/// Orders three numbers by a hint such as `Month Day, Year` or `DD.MM.YYYY`;
/// returns (year, month, day).
fn by_hint(hint: &str, numbers: [u32; 3]) -> Option<(u32, u32, u32)> {
    let mut order = Vec::new();
    for word in hint
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_ascii_lowercase();
        let part = match w.as_str() {
            "month" | "mm" | "m" | "mon" => 'm',
            "day" | "dd" | "d" => 'd',
            "year" | "yyyy" | "yy" | "y" => 'y',
            _ => return None,
        };
        // "Year" written twice is not an order.
        if order.contains(&part) {
            return None;
        }
        order.push(part);
    }
    if order.len() != 3 {
        return None;
    }
    let get = |p: char| order.iter().position(|&o| o == p).map(|i| numbers[i]);
    Some((get('y')?, get('m')?, get('d')?))
}

/// Reads the year of a hinted date (`18` or `2018`).
fn hinted_year(value: u32) -> Option<i32> {
    year(value, if value < 100 { 2 } else { 4 })
}

fn month_number(name: &str) -> Option<u32> {
    let prefix: String = name
        .chars()
        .take(3)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u32 + 1)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Today's date: `CLAUSELINT_TODAY` when set, else the system clock (UTC).
/// Read once per process. An invalid `CLAUSELINT_TODAY` is an error.
pub fn today() -> Result<Date, String> {
    static TODAY: OnceLock<Result<Date, String>> = OnceLock::new();
    TODAY
        .get_or_init(|| match std::env::var(TODAY_VAR) {
            Ok(value) => Date::parse_iso(&value).ok_or_else(|| {
                format!("{TODAY_VAR}=`{value}` is not a date: write it as YYYY-MM-DD")
            }),
            Err(_) => Ok(system_today()),
        })
        .clone()
}

/// Today's date by the system clock (UTC).
pub fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        find_dates(text)
            .into_iter()
            .map(|f| (text[f.range.clone()].to_owned(), f.display()))
            .collect()
    }

    fn one(text: &str) -> String {
        let all = found(text);
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all[0].1.clone()
    }

    /// Texts with one date each, and the date read.
    const SHAPES: &[(&str, &str)] = &[
        ("Last Updated : July 17, 2025", "2025-07-17"),
        ("July 17th, 2025", "2025-07-17"),
        ("Jul. 17 2025", "2025-07-17"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("17 July 2025", "2025-07-17"),
        ("1st of June, 2020", "2020-06-01"),
        ("Effective date: 2025-09-11", "2025-09-11"),
        ("2025/09/11", "2025-09-11"),
        ("Revised 12/20/2018", "2018-12-20"),
        ("09/11/2025", "2025-09-11"),
        ("20/12/2018", "2018-12-20"),
        ("9-11-25", "2025-09-11"),
        ("11.09.2025", "2025-09-11"),
        ("Established:12,20,18(Month Day, Year)", "2018-12-20"),
        ("20.12.2018 (DD.MM.YYYY)", "2018-12-20"),
        ("2018/12/20 (yyyy/mm/dd)", "2018-12-20"),
        ("11.09.2025 (last updated)", "2025-09-11"),
        ("May, 2017", "2017-05"),
        ("Last Updated April, 1 2020", "2020-04-01"),
        ("was last updated on September, 1, 2016.", "2016-09-01"),
        ("last modified on the 11 of July of 2019.", "2019-07-11"),
        ("last modified on 26-March-2010", "2010-03-26"),
        ("Last modified: 2015-06-01T01:52:16+00:00", "2015-06-01"),
        ("(Revised 1/2016)", "2016-01"),
        ("最終更新日：2025年7月17日", "2025-07-17"),
        ("2025 年 7 月 17 日 改定", "2025-07-17"),
        ("令和7年7月17日改訂", "2025-07-17"),
        ("【改定：令和元年7月1日】", "2019-07-01"),
        ("平成31年4月1日 制定", "2019-04-01"),
        ("改定日2025/07/17", "2025-07-17"),
        ("制定 2024年3月", "2024-03"),
        ("effective as of 08/2011.", "2011-08"),
        ("May 2017", "2017-05"),
        ("DECEMBER 2019", "2019-12"),
        ("Revised 3/4/98", "1998-03-04"),
    ];

    #[test]
    fn reads_the_written_shapes() {
        for (text, want) in SHAPES {
            assert_eq!(one(text), *want, "{text}");
        }
    }

    /// The built-in `last-updated` rule finds dates with its own regex
    /// (vocabulary `quality-date`): it must find exactly the dates read here.
    #[test]
    fn the_last_updated_rule_finds_the_dates_read_here() {
        let engine = crate::engine::Engine::compile(crate::rules::builtin_sources()).unwrap();
        let term = (engine.rules().terms)
            .iter()
            .position(|t| t.name == "quality-date")
            .expect("the quality-date vocabulary");
        let extra = [
            "February 30, 2025",
            "12,20,18(see below)",
            "version 1.2.3",
            "11.09.2025 (last updated)",
        ];
        for text in SHAPES.iter().map(|(t, _)| *t).chain(extra) {
            let matched: Vec<&str> = engine.scan_text(text).by_term[term]
                .iter()
                .map(|s| &text[s.start as usize..s.end as usize])
                .collect();
            let read: Vec<&str> = DATE.find_iter(text).map(|m| m.as_str()).collect();
            assert_eq!(matched, read, "{text}");
        }
    }

    #[test]
    fn the_range_covers_the_date_only() {
        assert_eq!(
            found("Last Updated : July 17, 2025. Read on."),
            vec![("July 17, 2025".to_owned(), "2025-07-17".to_owned())]
        );
        assert_eq!(
            found("Established:12,20,18(Month Day, Year)Home"),
            vec![(
                "12,20,18(Month Day, Year)".to_owned(),
                "2018-12-20".to_owned()
            )]
        );
    }

    #[test]
    fn month_precision_is_the_last_day_of_the_month() {
        let f = &find_dates("February 2024")[0];
        assert_eq!(f.date, Date::new(2024, 2, 29).unwrap());
        assert_eq!(f.precision, Precision::Month);
    }

    #[test]
    fn impossible_dates_and_non_dates_are_not_read() {
        for text in [
            "February 30, 2025",
            "13/13/2025",
            "2025-13-01",
            "31.04.2025",
            "12,20,18",                // no hint: a list of numbers
            "12,20,18(Year Year Day)", // not an order
            "12,20,18(see below)",     // not an order
            "version 1.2.3",
            "since 2019",
            "13 years of age",
            "We may 2017 things", // "may" as a verb is still read: see below
            "Market 12, 2019",
            "call 555-123-4567",
            "0800/12/25",
        ] {
            let all = found(text);
            if text.starts_with("We may") {
                // A month name followed by a year is a month, whatever the
                // sentence means; rules only read dates next to a keyword.
                assert_eq!(all.len(), 1);
                continue;
            }
            assert!(all.is_empty(), "{text:?}: {all:?}");
        }
    }

    #[test]
    fn iso_parsing_is_strict() {
        assert_eq!(Date::parse_iso("2025-09-11"), Date::new(2025, 9, 11));
        for bad in ["2025-9-11", "2025-02-30", "11/09/2025", "2025-09-11x", ""] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        let d = Date::new(2024, 2, 28).unwrap();
        assert_eq!(
            Date::from_days(d.to_days() + 1),
            Date::new(2024, 2, 29).unwrap()
        );
    }

    #[test]
    fn months_before_clamps_to_the_end_of_the_month() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(d(2025, 11, 22).months_before(12), d(2024, 11, 22));
        assert_eq!(d(2025, 3, 31).months_before(1), d(2025, 2, 28));
        assert_eq!(d(2024, 3, 31).months_before(1), d(2024, 2, 29));
        assert_eq!(d(2025, 1, 15).months_before(1), d(2024, 12, 15));
        assert_eq!(d(2025, 1, 15).months_before(25), d(2022, 12, 15));
    }
}
