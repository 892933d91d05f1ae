//! STIX 2.1 JSON bundles (2.0 read too). Only `indicator` objects are used, and of those only
//! the ones whose pattern is a disjunction of equality tests on properties needle can match:
//!
//! ```text
//! [file:hashes.'SHA-256' = '…' OR file:name = 'x.exe'] OR [domain-name:value = 'evil.example']
//! ```
//!
//! (`file:hashes.'MD5'|'SHA-1'|'SHA-256'`, `file:name`, `domain-name:value`, `url:value`,
//! `ipv4-addr:value`, `ipv6-addr:value`). Patterns are parsed with the full STIX patterning
//! grammar, so a pattern that is valid but cannot be loaded (`AND`, `FOLLOWEDBY`, qualifiers,
//! other operators or object types) is told apart from one that is not STIX at all; both are
//! reported with the indicator id. Revoked indicators are skipped. Every indicator is cited by
//! its id; its `name` (or `description`) is the description.
//!
//! The bundle is read with `serde_json::from_reader` into structs holding only the needed fields
//! of indicator objects (other objects are dropped as they are read), never into a
//! `serde_json::Value` tree.

use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use super::{Cite, DEFAULT_FILENAME_SCORE, IocProblem, IocSet};

/// A hash algorithm a feed names, to check a value has its length before loading it. Shared
/// with the MISP reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    Md5,
    Sha1,
    Sha256,
}

impl HashAlgorithm {
    /// From a STIX hash name (`MD5`, `SHA-1`, `SHA-256`; `SHA1`, `SHA256` also seen).
    fn from_stix(name: &str) -> Option<HashAlgorithm> {
        match name.to_ascii_uppercase().as_str() {
            "MD5" => Some(HashAlgorithm::Md5),
            "SHA-1" | "SHA1" => Some(HashAlgorithm::Sha1),
            "SHA-256" | "SHA256" => Some(HashAlgorithm::Sha256),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Md5 => "MD5",
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha256 => "SHA-256",
        }
    }

    fn hex_digits(self) -> usize {
        match self {
            HashAlgorithm::Md5 => 32,
            HashAlgorithm::Sha1 => 40,
            HashAlgorithm::Sha256 => 64,
        }
    }

    /// Loads `value` as a hash of this algorithm, refusing one of another length.
    pub fn add(
        self,
        set: &mut IocSet,
        value: &str,
        description: Arc<str>,
        cite: Cite,
    ) -> Result<(), String> {
        let value = value.trim();
        if value.len() != self.hex_digits() {
            return Err(format!(
                "not an {} hash ({} hex digits, not {}): {value:?}",
                self.name(),
                self.hex_digits(),
                value.len()
            ));
        }
        set.add_hash(value, None, description, cite)
    }
}

/// Deserializes a JSON document from `reader`, skipping a UTF-8 byte order mark (some Windows
/// tools write one). serde_json reads byte by byte: through a concrete `BufReader` each byte is a
/// buffer access rather than a call through `dyn BufRead` (a 400,000-indicator bundle loads in
/// 40% less time).
pub fn from_json<T: serde::de::DeserializeOwned>(
    reader: &mut dyn BufRead,
) -> Result<T, serde_json::Error> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    if reader.fill_buf().is_ok_and(|head| head.starts_with(BOM)) {
        reader.consume(BOM.len());
    }
    serde_json::from_reader(std::io::BufReader::with_capacity(64 * 1024, reader))
}

/// The one problem for a JSON file serde could not read: where (line, column) and why. The
/// file is left out whole.
pub fn json_problem(name: &str, error: &serde_json::Error, what: &str) -> IocProblem {
    use serde_json::error::Category;
    let full = error.to_string();
    let location = format!(" at line {} column {}", error.line(), error.column());
    let reason = full.strip_suffix(&location).unwrap_or(&full);
    let message = match error.classify() {
        Category::Io => format!("read error: {reason}"),
        Category::Syntax | Category::Eof => format!(
            "invalid JSON at column {}: {reason}; file left out",
            error.column()
        ),
        Category::Data => format!(
            "not {what} at column {}: {reason}; file left out",
            error.column()
        ),
    };
    IocProblem {
        origin: name.to_string(),
        line: (error.line() > 0).then_some(error.line()),
        message,
    }
}

#[derive(Deserialize)]
struct Bundle {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "indicators_only")]
    objects: Option<Vec<StixObject>>,
}

/// The fields of an object needle uses (those of an indicator).
#[derive(Deserialize)]
struct StixObject {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    pattern: Option<String>,
    pattern_type: Option<String>,
    #[serde(default)]
    revoked: bool,
}

/// Reads the `objects` list keeping only indicators, so a large bundle's other objects
/// (reports, relationships, malware descriptions) are not held.
fn indicators_only<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<StixObject>>, D::Error> {
    struct Indicators;
    impl<'de> Visitor<'de> for Indicators {
        type Value = Vec<StixObject>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of STIX objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut kept = Vec::new();
            while let Some(object) = seq.next_element::<StixObject>()? {
                if object.kind == "indicator" {
                    kept.push(object);
                }
            }
            Ok(kept)
        }
    }
    deserializer.deserialize_seq(Indicators).map(Some)
}

pub fn load(
    set: &mut IocSet,
    origin: u32,
    name: &str,
    reader: &mut dyn BufRead,
) -> Vec<IocProblem> {
    let problem = |message: String| IocProblem {
        origin: name.to_string(),
        line: None,
        message,
    };
    let bundle: Bundle = match from_json(reader) {
        Ok(bundle) => bundle,
        Err(e) => return vec![json_problem(name, &e, "a STIX bundle")],
    };
    match bundle.kind.as_deref() {
        Some("bundle") => {}
        Some(other) => {
            return vec![problem(format!(
                "not a STIX bundle (type {other:?}); file left out"
            ))];
        }
        None => {
            return vec![problem(
                "not a STIX bundle (no type); file left out".to_string(),
            )];
        }
    }
    let mut problems = Vec::new();
    let mut any = false;
    for (index, indicator) in bundle.objects.unwrap_or_default().into_iter().enumerate() {
        let Some(id) = indicator.id.filter(|id| !id.is_empty()) else {
            problems.push(problem(format!(
                "indicator number {} has no id; skipped",
                index + 1
            )));
            continue;
        };
        if indicator.revoked {
            continue;
        }
        let pattern_type = indicator.pattern_type.as_deref().unwrap_or("stix");
        if pattern_type != "stix" {
            problems.push(problem(format!(
                "{id}: pattern_type {pattern_type:?} is not supported (only stix)"
            )));
            continue;
        }
        let Some(pattern) = indicator.pattern else {
            problems.push(problem(format!("{id}: indicator without a pattern")));
            continue;
        };
        let comparisons = match parse_pattern(&pattern) {
            Ok(comparisons) => comparisons,
            Err(e) => {
                problems.push(problem(format!("{id}: {e}: {}", shortened(&pattern))));
                continue;
            }
        };
        let description: Arc<str> = [indicator.name, indicator.description]
            .into_iter()
            .flatten()
            .map(|text| text.trim().to_string())
            .find(|text| !text.is_empty())
            .unwrap_or_else(|| format!("STIX indicator {id}"))
            .into();
        for (target, value) in comparisons {
            let cite = Cite::object(origin, &id);
            let added = match target {
                Target::Hash(algorithm) => algorithm.add(set, &value, description.clone(), cite),
                Target::FileName => {
                    set.add_exact_filename(&value, DEFAULT_FILENAME_SCORE, &description, cite)
                }
                Target::Domain | Target::Url | Target::Ip => {
                    set.add_c2(&value, None, &description, cite)
                }
            };
            match added {
                Ok(()) => any = true,
                Err(message) => problems.push(problem(format!("{id}: {message}"))),
            }
        }
    }
    if !any && problems.is_empty() {
        problems.push(problem("no indicators in file".to_string()));
    }
    problems
}

/// A pattern as quoted in a problem: long ones cut.
fn shortened(pattern: &str) -> String {
    const LIMIT: usize = 200;
    match pattern.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &pattern[..cut]),
        None => pattern.to_string(),
    }
}

/// What a loadable comparison names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Hash(HashAlgorithm),
    FileName,
    Domain,
    Url,
    Ip,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// Not a STIX pattern.
    Invalid(String),
    /// A STIX pattern, but not one of `PATH = 'VALUE'` comparisons joined by OR.
    Unsupported(String),
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Invalid(why) => write!(f, "invalid STIX pattern: {why}"),
            PatternError::Unsupported(what) => write!(
                f,
                "unsupported STIX pattern: {what} (only PATH = 'VALUE' comparisons joined by OR \
                 are loaded)"
            ),
        }
    }
}

/// Parses a STIX pattern; returns its comparisons when it is a disjunction of supported
/// `PATH = 'VALUE'` tests.
pub fn parse_pattern(pattern: &str) -> Result<Vec<(Target, String)>, PatternError> {
    let mut parser = Parser {
        tokens: tokenize(pattern)?,
        position: 0,
        end: pattern.len(),
    };
    let observation = parser.pattern()?;
    let mut comparisons = Vec::new();
    observation.flatten(&mut comparisons)?;
    Ok(comparisons)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `[ ] ( ) , : . * = != < <= > >=`
    Punct(&'static str),
    /// A keyword, object type or property name.
    Word(String),
    /// `'…'`, unescaped.
    Str(String),
    Number(String),
    /// `t'…'` (timestamp), `h'…'` (hex), `b'…'` (base64).
    Typed(char, String),
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Punct(p) => write!(f, "'{p}'"),
            Tok::Word(w) => write!(f, "{w:?}"),
            Tok::Str(_) => f.write_str("a string"),
            Tok::Number(n) => write!(f, "number {n}"),
            Tok::Typed(kind, _) => write!(f, "a {kind}'…' literal"),
        }
    }
}

struct Token {
    tok: Tok,
    at: usize,
}

fn invalid(message: String) -> PatternError {
    PatternError::Invalid(message)
}

fn tokenize(text: &str) -> Result<Vec<Token>, PatternError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        chars.next();
        let tok = match c {
            '[' => Tok::Punct("["),
            ']' => Tok::Punct("]"),
            '(' => Tok::Punct("("),
            ')' => Tok::Punct(")"),
            ',' => Tok::Punct(","),
            ':' => Tok::Punct(":"),
            '.' => Tok::Punct("."),
            '*' => Tok::Punct("*"),
            '=' => Tok::Punct("="),
            '!' if chars.next_if(|&(_, c)| c == '=').is_some() => Tok::Punct("!="),
            '<' if chars.next_if(|&(_, c)| c == '=').is_some() => Tok::Punct("<="),
            '<' => Tok::Punct("<"),
            '>' if chars.next_if(|&(_, c)| c == '=').is_some() => Tok::Punct(">="),
            '>' => Tok::Punct(">"),
            '\'' => Tok::Str(string(&mut chars, at)?),
            '-' | '0'..='9' => {
                let mut number = c.to_string();
                while let Some((_, d)) = chars.next_if(|&(_, d)| d.is_ascii_digit() || d == '.') {
                    number.push(d);
                }
                let digits = number.trim_start_matches('-');
                let well_formed = !digits.is_empty()
                    && digits.split('.').count() <= 2
                    && digits.split('.').all(|part| !part.is_empty());
                if !well_formed {
                    return Err(invalid(format!("bad number {number:?} at offset {at}")));
                }
                Tok::Number(number)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = c.to_string();
                while let Some((_, d)) =
                    chars.next_if(|&(_, d)| d.is_ascii_alphanumeric() || d == '_' || d == '-')
                {
                    word.push(d);
                }
                match word.as_str() {
                    "t" | "h" | "b" if chars.next_if(|&(_, d)| d == '\'').is_some() => {
                        Tok::Typed(c, string(&mut chars, at)?)
                    }
                    _ => Tok::Word(word),
                }
            }
            other => return Err(invalid(format!("unexpected {other:?} at offset {at}"))),
        };
        tokens.push(Token { tok, at });
    }
    Ok(tokens)
}

/// The rest of a `'…'` string whose opening quote (at `start`) was read: `\'` and `\\` are the
/// only escapes.
fn string(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    start: usize,
) -> Result<String, PatternError> {
    let mut text = String::new();
    loop {
        match chars.next() {
            None => {
                return Err(invalid(format!(
                    "unterminated string starting at offset {start}"
                )));
            }
            Some((_, '\'')) => return Ok(text),
            Some((at, '\\')) => match chars.next() {
                Some((_, c @ ('\'' | '\\'))) => text.push(c),
                Some((_, c)) => {
                    return Err(invalid(format!("bad escape \\{c} at offset {at}")));
                }
                None => {
                    return Err(invalid(format!(
                        "unterminated string starting at offset {start}"
                    )));
                }
            },
            Some((_, c)) => text.push(c),
        }
    }
}

/// An object path: `file:hashes.'SHA-256'`, `file:extensions.'x'.sections[*].name`.
#[derive(Debug, Clone, PartialEq)]
struct ObjectPath {
    object: String,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Property { name: String, quoted: bool },
    Index(String),
}

impl fmt::Display for ObjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.object)?;
        for (n, step) in self.steps.iter().enumerate() {
            match step {
                Step::Property { name, quoted } => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    if *quoted {
                        write!(f, "'{}'", name.replace('\\', "\\\\").replace('\'', "\\'"))?;
                    } else {
                        f.write_str(name)?;
                    }
                }
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl ObjectPath {
    fn target(&self) -> Option<Target> {
        let names: Option<Vec<&str>> = self
            .steps
            .iter()
            .map(|step| match step {
                Step::Property { name, .. } => Some(name.as_str()),
                Step::Index(_) => None,
            })
            .collect();
        match (self.object.as_str(), names?.as_slice()) {
            ("file", ["name"]) => Some(Target::FileName),
            ("file", ["hashes", algorithm]) => {
                HashAlgorithm::from_stix(algorithm).map(Target::Hash)
            }
            ("domain-name", ["value"]) => Some(Target::Domain),
            ("url", ["value"]) => Some(Target::Url),
            ("ipv4-addr" | "ipv6-addr", ["value"]) => Some(Target::Ip),
            _ => None,
        }
    }
}

/// A literal value; only strings are ever loaded, the others are named in messages.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Str(String),
    Other(&'static str),
}

/// An observation expression.
#[derive(Debug, PartialEq)]
enum Observation {
    Bracket(Comparison),
    Or(Vec<Observation>),
    And(Vec<Observation>),
    FollowedBy(Vec<Observation>),
    Qualified(Box<Observation>, &'static str),
}

/// A comparison expression, inside `[ ]`.
#[derive(Debug, PartialEq)]
enum Comparison {
    Or(Vec<Comparison>),
    And(Vec<Comparison>),
    Test {
        path: ObjectPath,
        /// `=`, `NOT =`, `LIKE`, `IN`, …
        operator: String,
        value: Literal,
    },
    Exists(ObjectPath),
}

fn unsupported(what: impl Into<String>) -> PatternError {
    PatternError::Unsupported(what.into())
}

impl Observation {
    fn flatten(self, out: &mut Vec<(Target, String)>) -> Result<(), PatternError> {
        match self {
            Observation::Bracket(comparison) => comparison.flatten(out),
            Observation::Or(all) => all.into_iter().try_for_each(|o| o.flatten(out)),
            Observation::And(_) => Err(unsupported("AND between observations")),
            Observation::FollowedBy(_) => Err(unsupported("FOLLOWEDBY")),
            Observation::Qualified(_, qualifier) => {
                Err(unsupported(format!("{qualifier} qualifier")))
            }
        }
    }
}

impl Comparison {
    fn flatten(self, out: &mut Vec<(Target, String)>) -> Result<(), PatternError> {
        match self {
            Comparison::Or(all) => all.into_iter().try_for_each(|c| c.flatten(out)),
            Comparison::And(_) => Err(unsupported("AND")),
            Comparison::Exists(path) => Err(unsupported(format!("EXISTS {path}"))),
            Comparison::Test {
                path,
                operator,
                value,
            } => {
                if operator != "=" {
                    return Err(unsupported(format!("operator {operator} on {path}")));
                }
                let Some(target) = path.target() else {
                    return Err(unsupported(format!("object path {path}")));
                };
                match value {
                    Literal::Str(value) => {
                        out.push((target, value));
                        Ok(())
                    }
                    Literal::Other(kind) => Err(unsupported(format!("{kind} value for {path}"))),
                }
            }
        }
    }
}

/// Comparison operators spelled as words.
const WORD_OPERATORS: [&str; 5] = ["LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "IN"];

/// Recursive descent over the STIX 2.1 patterning grammar (keywords are upper case, as there).
struct Parser {
    tokens: Vec<Token>,
    position: usize,
    /// Length of the pattern, the offset reported at its end.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.position).map(|t| &t.tok)
    }

    fn expected(&self, what: &str) -> PatternError {
        match self.tokens.get(self.position) {
            Some(token) => invalid(format!(
                "expected {what} at offset {}, found {}",
                token.at, token.tok
            )),
            None => invalid(format!("expected {what} at offset {} (the end)", self.end)),
        }
    }

    fn eat_punct(&mut self, punct: &str) -> bool {
        let found = matches!(self.peek(), Some(Tok::Punct(p)) if *p == punct);
        if found {
            self.position += 1;
        }
        found
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = matches!(self.peek(), Some(Tok::Word(w)) if w == keyword);
        if found {
            self.position += 1;
        }
        found
    }

    fn expect_punct(&mut self, punct: &str) -> Result<(), PatternError> {
        if self.eat_punct(punct) {
            Ok(())
        } else {
            Err(self.expected(&format!("'{punct}'")))
        }
    }

    fn expect_keyword(&mut self, keyword: &str) -> Result<(), PatternError> {
        if self.eat_keyword(keyword) {
            Ok(())
        } else {
            Err(self.expected(keyword))
        }
    }

    fn pattern(&mut self) -> Result<Observation, PatternError> {
        let observation = self.followed_by()?;
        if self.peek().is_some() {
            return Err(self.expected("the end of the pattern"));
        }
        Ok(observation)
    }

    /// `A OP B OP C` at one precedence level, as one node.
    fn joined<T>(
        &mut self,
        keyword: &str,
        operand: fn(&mut Parser) -> Result<T, PatternError>,
        node: fn(Vec<T>) -> T,
    ) -> Result<T, PatternError> {
        let mut all = vec![operand(self)?];
        while self.eat_keyword(keyword) {
            all.push(operand(self)?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            node(all)
        })
    }

    fn followed_by(&mut self) -> Result<Observation, PatternError> {
        self.joined(
            "FOLLOWEDBY",
            Parser::observation_or,
            Observation::FollowedBy,
        )
    }

    fn observation_or(&mut self) -> Result<Observation, PatternError> {
        self.joined("OR", Parser::observation_and, Observation::Or)
    }

    fn observation_and(&mut self) -> Result<Observation, PatternError> {
        self.joined("AND", Parser::qualified, Observation::And)
    }

    fn qualified(&mut self) -> Result<Observation, PatternError> {
        let mut observation = self.observation()?;
        loop {
            let qualifier = if self.eat_keyword("WITHIN") {
                self.number()?;
                self.expect_keyword("SECONDS")?;
                "WITHIN"
            } else if self.eat_keyword("REPEATS") {
                self.number()?;
                self.expect_keyword("TIMES")?;
                "REPEATS"
            } else if self.eat_keyword("START") {
                self.timestamp()?;
                self.expect_keyword("STOP")?;
                self.timestamp()?;
                "START/STOP"
            } else {
                return Ok(observation);
            };
            observation = Observation::Qualified(Box::new(observation), qualifier);
        }
    }

    fn number(&mut self) -> Result<(), PatternError> {
        match self.peek() {
            Some(Tok::Number(_)) => {
                self.position += 1;
                Ok(())
            }
            _ => Err(self.expected("a number")),
        }
    }

    fn timestamp(&mut self) -> Result<(), PatternError> {
        match self.peek() {
            Some(Tok::Typed('t', _)) => {
                self.position += 1;
                Ok(())
            }
            _ => Err(self.expected("a t'…' timestamp")),
        }
    }

    fn observation(&mut self) -> Result<Observation, PatternError> {
        if self.eat_punct("[") {
            let comparison = self.comparison_or()?;
            self.expect_punct("]")?;
            Ok(Observation::Bracket(comparison))
        } else if self.eat_punct("(") {
            let observation = self.followed_by()?;
            self.expect_punct(")")?;
            Ok(observation)
        } else {
            Err(self.expected("'[' or '('"))
        }
    }

    fn comparison_or(&mut self) -> Result<Comparison, PatternError> {
        self.joined("OR", Parser::comparison_and, Comparison::Or)
    }

    fn comparison_and(&mut self) -> Result<Comparison, PatternError> {
        self.joined("AND", Parser::test, Comparison::And)
    }

    fn test(&mut self) -> Result<Comparison, PatternError> {
        if self.eat_punct("(") {
            let comparison = self.comparison_or()?;
            self.expect_punct(")")?;
            return Ok(comparison);
        }
        if self.eat_keyword("EXISTS") {
            return Ok(Comparison::Exists(self.object_path()?));
        }
        let path = self.object_path()?;
        let negated = self.eat_keyword("NOT");
        let operator = match self.peek() {
            Some(Tok::Punct(p @ ("=" | "!=" | "<" | "<=" | ">" | ">="))) => Some(*p),
            Some(Tok::Word(w)) => WORD_OPERATORS.iter().copied().find(|o| o == w),
            _ => None,
        };
        let Some(operator) = operator else {
            return Err(self.expected("a comparison operator"));
        };
        self.position += 1;
        let value = if operator == "IN" {
            self.expect_punct("(")?;
            self.literal()?;
            while self.eat_punct(",") {
                self.literal()?;
            }
            self.expect_punct(")")?;
            Literal::Other("set")
        } else {
            self.literal()?
        };
        let operator = if negated {
            format!("NOT {operator}")
        } else {
            operator.to_string()
        };
        Ok(Comparison::Test {
            path,
            operator,
            value,
        })
    }

    fn literal(&mut self) -> Result<Literal, PatternError> {
        let literal = match self.peek() {
            Some(Tok::Str(text)) => Literal::Str(text.clone()),
            Some(Tok::Number(_)) => Literal::Other("number"),
            Some(Tok::Typed('t', _)) => Literal::Other("timestamp"),
            Some(Tok::Typed('h', _)) => Literal::Other("hex"),
            Some(Tok::Typed(_, _)) => Literal::Other("binary"),
            Some(Tok::Word(w)) if w == "true" || w == "false" => Literal::Other("boolean"),
            _ => return Err(self.expected("a value")),
        };
        self.position += 1;
        Ok(literal)
    }

    /// `object-type:property(.property | [index])*`; unquoted property names have no `-`.
    fn object_path(&mut self) -> Result<ObjectPath, PatternError> {
        let object = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            _ => return Err(self.expected("an object path")),
        };
        self.position += 1;
        self.expect_punct(":")?;
        let mut steps = vec![self.property()?];
        loop {
            if self.eat_punct(".") {
                steps.push(self.property()?);
            } else if self.eat_punct("[") {
                let index = match self.peek() {
                    Some(Tok::Number(n)) if n.bytes().all(|b| b.is_ascii_digit()) => n.clone(),
                    Some(Tok::Punct("*")) => "*".to_string(),
                    _ => return Err(self.expected("a list index or '*'")),
                };
                self.position += 1;
                self.expect_punct("]")?;
                steps.push(Step::Index(index));
            } else {
                return Ok(ObjectPath { object, steps });
            }
        }
    }

    fn property(&mut self) -> Result<Step, PatternError> {
        let step = match self.peek() {
            Some(Tok::Word(w)) if !w.contains('-') => Step::Property {
                name: w.clone(),
                quoted: false,
            },
            Some(Tok::Str(s)) => Step::Property {
                name: s.clone(),
                quoted: true,
            },
            _ => return Err(self.expected("a property name (quoted if it holds '-')")),
        };
        self.position += 1;
        Ok(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::hashes::hash_bytes;

    use crate::signatures::iocs::tests::loaded;

    fn parsed(pattern: &str) -> Vec<(Target, String)> {
        parse_pattern(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    fn unsupported_because(pattern: &str) -> String {
        match parse_pattern(pattern) {
            Err(PatternError::Unsupported(what)) => what,
            other => panic!("{pattern}: {other:?}"),
        }
    }

    fn invalid_because(pattern: &str) -> String {
        match parse_pattern(pattern) {
            Err(PatternError::Invalid(why)) => why,
            other => panic!("{pattern}: {other:?}"),
        }
    }

    #[test]
    fn disjunctions_of_supported_comparisons() {
        assert_eq!(
            parsed("[file:hashes.'SHA-256' = 'aa' OR file:name = 'x.exe']"),
            [
                (Target::Hash(HashAlgorithm::Sha256), "aa".to_string()),
                (Target::FileName, "x.exe".to_string())
            ]
        );
        assert_eq!(
            parsed(
                "([file:hashes.MD5 = 'a'] OR [(domain-name:value = 'd' OR url:value = 'u')])\n\
                 OR [ipv4-addr:value='1.2.3.4'] OR [file:hashes.'SHA-1'='s']"
            )
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>(),
            [
                Target::Hash(HashAlgorithm::Md5),
                Target::Domain,
                Target::Url,
                Target::Ip,
                Target::Hash(HashAlgorithm::Sha1)
            ]
        );
        assert_eq!(
            parsed(r"[file:name = 'it\'s a \\ name.exe']"),
            [(Target::FileName, r"it's a \ name.exe".to_string())]
        );
    }

    #[test]
    fn valid_but_unsupported_patterns_say_why() {
        assert_eq!(
            unsupported_because("[file:name = 'a' AND file:size = 3]"),
            "AND"
        );
        assert_eq!(
            unsupported_because("[file:name = 'a'] AND [url:value = 'b']"),
            "AND between observations"
        );
        assert_eq!(
            unsupported_because("[file:name = 'a'] FOLLOWEDBY [url:value = 'b']"),
            "FOLLOWEDBY"
        );
        assert_eq!(
            unsupported_because("[file:name = 'a'] WITHIN 300 SECONDS"),
            "WITHIN qualifier"
        );
        assert_eq!(
            unsupported_because(
                "[file:name = 'a'] START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z'"
            ),
            "START/STOP qualifier"
        );
        assert_eq!(
            unsupported_because("[process:name = 'evil.exe']"),
            "object path process:name"
        );
        assert_eq!(
            unsupported_because("[file:hashes.'SHA-512' = 'aa']"),
            "object path file:hashes.'SHA-512'"
        );
        assert_eq!(
            unsupported_because("[file:extensions.'windows-pebinary-ext'.sections[*].name = 'x']"),
            "object path file:extensions.'windows-pebinary-ext'.sections[*].name"
        );
        assert_eq!(
            unsupported_because("[file:name LIKE 'a%']"),
            "operator LIKE on file:name"
        );
        assert_eq!(
            unsupported_because("[file:name NOT = 'a']"),
            "operator NOT = on file:name"
        );
        assert_eq!(
            unsupported_because("[file:name IN ('a', 'b')]"),
            "operator IN on file:name"
        );
        assert_eq!(
            unsupported_because("[file:name = true]"),
            "boolean value for file:name"
        );
        assert_eq!(
            unsupported_because("[EXISTS file:name]"),
            "EXISTS file:name"
        );
    }

    #[test]
    fn garbage_is_invalid() {
        for (pattern, why) in [
            ("", "expected '[' or '(' at offset 0 (the end)"),
            (
                "file:name = 'a'",
                "expected '[' or '(' at offset 0, found \"file\"",
            ),
            ("[file:name = 'a'", "expected ']' at offset 16 (the end)"),
            (
                "[file:name = 'a']]",
                "expected the end of the pattern at offset 17, found ']'",
            ),
            (
                "[file:name = 'a] ",
                "unterminated string starting at offset 13",
            ),
            (r"[file:name = 'a\n']", r"bad escape \n at offset 15"),
            (
                "[file:name = 'a' or url:value = 'b']",
                "expected ']' at offset 17, found \"or\"",
            ),
            (
                "[file:name == 'a']",
                "expected a value at offset 12, found '='",
            ),
            (
                "[file:hashes.SHA-256 = 'a']",
                "expected a property name (quoted if it holds '-') at offset 13, found \"SHA-256\"",
            ),
            ("[file:name = \"a\"]", "unexpected '\"' at offset 13"),
            ("[file = 'a']", "expected ':' at offset 6, found '='"),
            (
                "[file:name = 'a'] WITHIN SECONDS",
                "expected a number at offset 25, found \"SECONDS\"",
            ),
        ] {
            assert_eq!(invalid_because(pattern), why, "{pattern}");
        }
    }

    fn bundle(objects: &str) -> String {
        format!(r#"{{"type": "bundle", "id": "bundle--1", "objects": [{objects}]}}"#)
    }

    fn indicator(id: &str, name: &str, pattern: &str) -> String {
        format!(
            r#"{{"type": "indicator", "spec_version": "2.1", "id": "{id}", "name": "{name}",
                "pattern_type": "stix", "pattern": "{pattern}", "valid_from": "2024-01-01T00:00:00Z"}}"#
        )
    }

    #[test]
    fn bundle_loads_indicators_cited_by_id() {
        let abc = hash_bytes(b"abc");
        let text = bundle(&[
            indicator(
                "indicator--1",
                "Loader",
                &format!("[file:hashes.'SHA-256' = '{}' OR file:name = 'x.exe']", abc.sha256_hex()),
            ),
            r#"{"type": "malware", "id": "malware--1", "name": "X", "is_family": true}"#.to_string(),
            indicator("indicator--2", "C2", "[domain-name:value = 'evil.example']"),
            indicator("indicator--3", "Two", "[file:name = 'a' AND file:size = 3]"),
            indicator(
                "indicator--4",
                "Short",
                &format!("[file:hashes.'SHA-256' = '{}']", abc.md5_hex()),
            ),
            r#"{"type": "indicator", "id": "indicator--5", "pattern_type": "yara", "pattern": "rule x { condition: true }"}"#.to_string(),
            r#"{"type": "indicator", "id": "indicator--6", "revoked": true, "pattern": "[file:name = 'r.exe']"}"#.to_string(),
        ]
        .join(","));
        let (set, problems) = loaded("feed.json", &text);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with("indicator--3: unsupported STIX pattern: AND "));
        assert!(messages[1].starts_with("indicator--4: not an SHA-256 hash"));
        assert_eq!(
            messages[2],
            "indicator--5: pattern_type \"yara\" is not supported (only stix)"
        );
        assert!(problems.iter().all(|p| p.line.is_none()));

        let reasons = set.match_hashes(&abc);
        assert_eq!(reasons.len(), 1);
        assert_eq!(
            (
                reasons[0].description.as_str(),
                reasons[0].source.as_deref()
            ),
            ("Loader", Some("feed.json#indicator--1"))
        );
        let names = set.match_path("/tmp/X.EXE");
        assert_eq!(names.len(), 1);
        assert_eq!(
            (names[0].score, names[0].source.as_deref()),
            (DEFAULT_FILENAME_SCORE, Some("feed.json#indicator--1"))
        );
        assert!(set.match_path("/tmp/r.exe").is_empty(), "revoked");
        let c2 = set.match_content(b"GET http://evil.example/ HTTP/1.1");
        assert_eq!(c2[0].source.as_deref(), Some("feed.json#indicator--2"));
    }

    #[test]
    fn bad_files() {
        let (_, problems) = loaded("feed.json", "{\"type\": \"bundle\",\n \"objects\": [}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert_eq!(
            problems[0].message,
            "invalid JSON at column 14: expected value; file left out"
        );
        let (_, problems) = loaded(
            "feed.json",
            r#"{"type": "bundle", "objects": [{"id": "x"}]}"#,
        );
        assert!(
            problems[0]
                .message
                .starts_with("not a STIX bundle at column"),
            "{problems:?}"
        );
        let (_, problems) = loaded(
            "feed.json",
            r#"{"type": "indicator", "spec_version": "2.1"}"#,
        );
        assert_eq!(
            problems[0].message,
            "not a STIX bundle (type \"indicator\"); file left out"
        );
        let (_, problems) = loaded("feed.json", &bundle(""));
        assert_eq!(problems[0].message, "no indicators in file");
        let (_, problems) = loaded("feed.json", " \n");
        assert_eq!(problems[0].message, "no indicators in file");
        let (_, problems) = loaded("feed.json", "[1, 2]");
        assert_eq!(
            problems[0].message,
            "JSON file is neither a STIX bundle nor a MISP export"
        );
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let text = format!(
            "\u{feff}{}",
            bundle(&indicator(
                "indicator--1",
                "C2",
                "[domain-name:value = 'evil.example']"
            ))
        );
        let (set, problems) = loaded("feed.json", &text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.counts().c2_domains, 1);
    }

    #[test]
    fn told_by_content_when_the_name_does_not() {
        let text = bundle(&indicator(
            "indicator--1",
            "C2",
            "[url:value = 'http://evil.example/a']",
        ));
        let (set, problems) = loaded("download", &text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.counts().c2_urls, 1);
    }
}
