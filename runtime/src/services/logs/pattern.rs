//! CloudWatch Logs' filter pattern language: parsed once, then matched against event
//! messages. Three forms, as AWS documents them
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>):
//!
//! - terms: `ERROR "disk full" ?WARN -debug` (every plain term and phrase, none of the
//!   `-` ones, and one of the `?` ones when there are any);
//! - JSON: `{ $.level = "ERROR" && ($.latency > 100 || $.user.id NOT EXISTS) }`;
//! - space-delimited: `[ip, user, status = 4*, ...]`.
//!
//! Terms and phrases match case-sensitively anywhere in the message.

use serde_json::Value;

/// A parsed filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Pattern {
    /// An empty pattern: every event matches.
    Everything,
    /// Terms and quoted phrases.
    Terms(Terms),
    /// A JSON pattern over the message parsed as JSON.
    Json(Expr),
    /// A space-delimited pattern over the message's fields.
    Delimited(Vec<Field>),
}

/// The terms of a term pattern, by how they count.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Terms {
    /// Every one must occur.
    required: Vec<String>,
    /// None may occur.
    excluded: Vec<String>,
    /// At least one must occur, when there are any.
    any: Vec<String>,
}

/// A condition of a JSON pattern, or of one field of a space-delimited pattern.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// Both hold.
    And(Box<Expr>, Box<Expr>),
    /// Either holds.
    Or(Box<Expr>, Box<Expr>),
    /// The selected value compared with a literal.
    Compare(Selector, Op, Literal),
    /// The selected value is JSON `null`.
    IsNull(Selector),
    /// The selected value is `true` or `false`.
    IsBool(Selector, bool),
    /// Nothing is at the selector.
    NotExists(Selector),
}

/// Where a JSON pattern looks: `$.a.b[0]` as its steps (a field pattern's name is empty).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Selector(Vec<Step>);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The right side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    /// A number (compared numerically).
    Number(f64),
    /// A string, where `*` stands for any run of characters.
    Text(String),
}

/// One field of a space-delimited pattern.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Field {
    /// `...`: any number of fields.
    Rest,
    /// A named field, with the condition its value must meet, if any.
    Named(Option<Expr>),
}

/// Why a pattern does not parse (AWS answers `Invalid filter pattern`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Invalid;

/// Parses `text` as a filter pattern.
pub(super) fn parse(text: &str) -> Result<Pattern, Invalid> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Pattern::Everything);
    }
    if let Some(body) = trimmed.strip_prefix('{') {
        let body = body.strip_suffix('}').ok_or(Invalid)?;
        let mut parser = Parser::new(tokens(body)?);
        let expr = parser.or(FieldContext::Json)?;
        return parser.end().map(|()| Pattern::Json(expr));
    }
    if let Some(body) = trimmed.strip_prefix('[') {
        let body = body.strip_suffix(']').ok_or(Invalid)?;
        return delimited(body).map(Pattern::Delimited);
    }
    terms(trimmed).map(Pattern::Terms)
}

impl Pattern {
    /// Whether an event with `message` matches.
    pub(super) fn matches(&self, message: &str) -> bool {
        match self {
            Pattern::Everything => true,
            Pattern::Terms(terms) => terms.matches(message),
            Pattern::Json(expr) => serde_json::from_str::<Value>(message)
                .is_ok_and(|document| expr.holds(&|selector| selector.find(&document))),
            Pattern::Delimited(fields) => fields_match(fields, &split_fields(message)),
        }
    }
}

impl Terms {
    fn matches(&self, message: &str) -> bool {
        self.required
            .iter()
            .all(|term| message.contains(term.as_str()))
            && !self
                .excluded
                .iter()
                .any(|term| message.contains(term.as_str()))
            && (self.any.is_empty() || self.any.iter().any(|term| message.contains(term.as_str())))
    }
}

/// Splits a term pattern into terms and phrases, each with its `?` or `-` prefix.
fn terms(text: &str) -> Result<Terms, Invalid> {
    let mut terms = Terms::default();
    let mut chars = text.chars().peekable();
    while let Some(&first) = chars.peek() {
        if first.is_whitespace() {
            chars.next();
            continue;
        }
        let list = match first {
            '?' => {
                chars.next();
                &mut terms.any
            }
            '-' => {
                chars.next();
                &mut terms.excluded
            }
            _ => &mut terms.required,
        };
        let term = if chars.peek() == Some(&'"') {
            chars.next();
            let mut phrase = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(character) => phrase.push(character),
                    None => return Err(Invalid),
                }
            }
            phrase
        } else {
            let mut word = String::new();
            while let Some(&character) = chars.peek() {
                if character.is_whitespace() {
                    break;
                }
                word.push(character);
                chars.next();
            }
            word
        };
        if term.is_empty() {
            return Err(Invalid);
        }
        list.push(term);
    }
    Ok(terms)
}

/// A token of a JSON pattern's body or of a field condition.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Op(Op),
    /// A double-quoted string.
    Quoted(String),
    /// Anything else up to a space, parenthesis or operator.
    Word(String),
}

fn tokens(text: &str) -> Result<Vec<Token>, Invalid> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        let next = chars.peek().copied();
        let token = match (character, next) {
            (space, _) if space.is_whitespace() => continue,
            ('(', _) => Token::Open,
            (')', _) => Token::Close,
            ('&', Some('&')) => {
                chars.next();
                Token::And
            }
            ('|', Some('|')) => {
                chars.next();
                Token::Or
            }
            ('!', Some('=')) => {
                chars.next();
                Token::Op(Op::Ne)
            }
            ('<', Some('=')) => {
                chars.next();
                Token::Op(Op::Le)
            }
            ('>', Some('=')) => {
                chars.next();
                Token::Op(Op::Ge)
            }
            ('=', _) => Token::Op(Op::Eq),
            ('<', _) => Token::Op(Op::Lt),
            ('>', _) => Token::Op(Op::Gt),
            ('"', _) => {
                let mut quoted = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => quoted.push(chars.next().ok_or(Invalid)?),
                        Some(inner) => quoted.push(inner),
                        None => return Err(Invalid),
                    }
                }
                Token::Quoted(quoted)
            }
            (first, _) => {
                let mut word = String::from(first);
                while let Some(&inner) = chars.peek() {
                    if inner.is_whitespace() || "()=!<>&|\"".contains(inner) {
                        break;
                    }
                    word.push(inner);
                    chars.next();
                }
                Token::Word(word)
            }
        };
        out.push(token);
    }
    Ok(out)
}

/// What the left side of a comparison is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FieldContext {
    /// A `$.` selector.
    Json,
    /// The name of the space-delimited field the condition belongs to.
    Delimited,
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn new(tokens: Vec<Token>) -> Parser {
        Parser { tokens, at: 0 }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn end(&self) -> Result<(), Invalid> {
        if self.at == self.tokens.len() {
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    fn or(&mut self, context: FieldContext) -> Result<Expr, Invalid> {
        let mut left = self.and(context)?;
        while self.peek() == Some(&Token::Or) {
            self.next();
            let right = self.and(context)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self, context: FieldContext) -> Result<Expr, Invalid> {
        let mut left = self.primary(context)?;
        while self.peek() == Some(&Token::And) {
            self.next();
            let right = self.primary(context)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn primary(&mut self, context: FieldContext) -> Result<Expr, Invalid> {
        if self.peek() == Some(&Token::Open) {
            self.next();
            let inner = self.or(context)?;
            return match self.next() {
                Some(Token::Close) => Ok(inner),
                _ => Err(Invalid),
            };
        }
        let selector = match (context, self.next()) {
            (FieldContext::Json, Some(Token::Word(word))) => selector(&word)?,
            // A field condition names its own field; the name only has to be a word.
            (FieldContext::Delimited, Some(Token::Word(_))) => Selector(Vec::new()),
            _ => return Err(Invalid),
        };
        match self.next() {
            Some(Token::Op(op)) => {
                let literal = match self.next() {
                    Some(Token::Quoted(text)) => Literal::Text(text),
                    Some(Token::Word(word)) => literal(&word),
                    _ => return Err(Invalid),
                };
                if matches!(literal, Literal::Text(_)) && !matches!(op, Op::Eq | Op::Ne) {
                    return Err(Invalid);
                }
                Ok(Expr::Compare(selector, op, literal))
            }
            Some(Token::Word(word)) if context == FieldContext::Json => {
                match (word.as_str(), self.next()) {
                    ("IS", Some(Token::Word(what))) => match what.as_str() {
                        "NULL" => Ok(Expr::IsNull(selector)),
                        "TRUE" => Ok(Expr::IsBool(selector, true)),
                        "FALSE" => Ok(Expr::IsBool(selector, false)),
                        _ => Err(Invalid),
                    },
                    ("NOT", Some(Token::Word(what))) if what == "EXISTS" => {
                        Ok(Expr::NotExists(selector))
                    }
                    _ => Err(Invalid),
                }
            }
            _ => Err(Invalid),
        }
    }
}

/// A bare literal: a number when it reads as one, else text.
fn literal(word: &str) -> Literal {
    match word.parse::<f64>() {
        Ok(number) if number.is_finite() => Literal::Number(number),
        _ => Literal::Text(word.to_owned()),
    }
}

/// `$.a.b[0].c` as steps.
fn selector(text: &str) -> Result<Selector, Invalid> {
    let mut rest = text.strip_prefix('$').ok_or(Invalid)?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let (key, tail) = after.split_at(end);
            if key.is_empty() {
                return Err(Invalid);
            }
            steps.push(Step::Key(key.to_owned()));
            rest = tail;
        } else if let Some(after) = rest.strip_prefix('[') {
            let (index, tail) = after.split_once(']').ok_or(Invalid)?;
            steps.push(Step::Index(index.parse().map_err(|_| Invalid)?));
            rest = tail;
        } else {
            return Err(Invalid);
        }
    }
    if steps.is_empty() {
        return Err(Invalid);
    }
    Ok(Selector(steps))
}

impl Selector {
    fn find<'d>(&self, document: &'d Value) -> Option<&'d Value> {
        self.0.iter().try_fold(document, |value, step| match step {
            Step::Key(key) => value.get(key.as_str()),
            Step::Index(index) => value.get(*index),
        })
    }
}

impl Expr {
    /// Whether the condition holds, `lookup` giving the value a selector points at.
    fn holds<'v>(&self, lookup: &dyn Fn(&Selector) -> Option<&'v Value>) -> bool {
        match self {
            Expr::And(left, right) => left.holds(lookup) && right.holds(lookup),
            Expr::Or(left, right) => left.holds(lookup) || right.holds(lookup),
            Expr::Compare(selector, op, literal) => {
                lookup(selector).is_some_and(|value| compare(value, *op, literal))
            }
            Expr::IsNull(selector) => lookup(selector).is_some_and(Value::is_null),
            Expr::IsBool(selector, expected) => {
                lookup(selector).and_then(Value::as_bool) == Some(*expected)
            }
            Expr::NotExists(selector) => lookup(selector).is_none(),
        }
    }
}

fn compare(value: &Value, op: Op, literal: &Literal) -> bool {
    match literal {
        Literal::Number(wanted) => {
            let found = match value {
                Value::Number(number) => number.as_f64(),
                Value::String(text) => text.trim().parse::<f64>().ok(),
                _ => None,
            };
            found.is_some_and(|found| match op {
                Op::Eq => found == *wanted,
                Op::Ne => found != *wanted,
                Op::Lt => found < *wanted,
                Op::Le => found <= *wanted,
                Op::Gt => found > *wanted,
                Op::Ge => found >= *wanted,
            })
        }
        Literal::Text(wanted) => {
            let found = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                _ => return false,
            };
            let equal = wildcard(wanted, &found);
            if op == Op::Ne { !equal } else { equal }
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return text.is_empty();
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let middle: Vec<&str> = parts.collect();
    let Some((last, inner)) = middle.split_last() else {
        return rest.is_empty();
    };
    for part in inner {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Splits a space-delimited pattern's body at the commas outside quotes.
fn delimited(body: &str) -> Result<Vec<Field>, Invalid> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for character in body.chars() {
        match character {
            '"' => {
                quoted = !quoted;
                current.push(character);
            }
            ',' if !quoted => pieces.push(std::mem::take(&mut current)),
            _ => current.push(character),
        }
    }
    if quoted {
        return Err(Invalid);
    }
    pieces.push(current);
    pieces
        .iter()
        .map(|piece| {
            let piece = piece.trim();
            if piece == "..." {
                return Ok(Field::Rest);
            }
            let tokens = tokens(piece)?;
            match tokens.as_slice() {
                [Token::Word(_)] => Ok(Field::Named(None)),
                [] => Err(Invalid),
                _ => {
                    let mut parser = Parser::new(tokens);
                    let condition = parser.or(FieldContext::Delimited)?;
                    parser.end().map(|()| Field::Named(Some(condition)))
                }
            }
        })
        .collect()
}

/// A message's fields: runs of characters between spaces, a `"..."` or `[...]` group
/// counting as one field (its brackets or quotes dropped).
fn split_fields(message: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut chars = message.chars().peekable();
    while let Some(&first) = chars.peek() {
        if first.is_whitespace() {
            chars.next();
            continue;
        }
        let closing = match first {
            '"' => Some('"'),
            '[' => Some(']'),
            _ => None,
        };
        let mut field = String::new();
        if let Some(closing) = closing {
            chars.next();
            for character in chars.by_ref() {
                if character == closing {
                    break;
                }
                field.push(character);
            }
        } else {
            while let Some(&character) = chars.peek() {
                if character.is_whitespace() {
                    break;
                }
                field.push(character);
                chars.next();
            }
        }
        fields.push(field);
    }
    fields
}

/// Whether the message's fields line up with the pattern's, `...` taking any number.
fn fields_match(pattern: &[Field], fields: &[String]) -> bool {
    match pattern.split_first() {
        None => fields.is_empty(),
        Some((Field::Rest, rest)) => {
            (0..=fields.len()).any(|skip| fields_match(rest, fields.get(skip..).unwrap_or(&[])))
        }
        Some((Field::Named(condition), rest)) => match fields.split_first() {
            None => false,
            Some((field, others)) => {
                let value = Value::String(field.clone());
                condition
                    .as_ref()
                    .is_none_or(|condition| condition.holds(&|_| Some(&value)))
                    && fields_match(rest, others)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, message: &str) -> bool {
        parse(pattern).unwrap().matches(message)
    }

    #[test]
    fn an_empty_pattern_matches_everything() {
        assert!(matches("", "anything"));
        assert!(matches("   ", ""));
    }

    #[test]
    fn every_plain_term_must_occur_case_sensitively() {
        assert!(matches("ERROR disk", "ERROR: disk full"));
        assert!(!matches("ERROR disk", "ERROR: memory"));
        assert!(!matches("error", "ERROR"));
    }

    #[test]
    fn a_quoted_phrase_matches_as_a_whole() {
        assert!(matches("\"disk full\"", "ERROR: disk full"));
        assert!(!matches("\"disk full\"", "full disk"));
        assert_eq!(parse("\"open"), Err(Invalid));
    }

    #[test]
    fn question_marked_terms_need_only_one_and_dashed_ones_none() {
        assert!(matches("?ERROR ?WARN", "WARN low disk"));
        assert!(!matches("?ERROR ?WARN", "INFO ok"));
        assert!(matches("ERROR -Exiting", "ERROR retrying"));
        assert!(!matches("ERROR -Exiting", "ERROR Exiting now"));
        assert!(matches("request ?500 ?503", "request failed 503"));
        assert!(!matches("request ?500 ?503", "response 503"));
    }

    #[test]
    fn json_equality_reads_strings_numbers_and_wildcards() {
        let message = r#"{"level":"ERROR","code":500,"user":{"name":"ana"},"tags":["a","b"]}"#;
        assert!(matches(r#"{ $.level = "ERROR" }"#, message));
        assert!(matches("{ $.level = ERROR }", message));
        assert!(matches(r#"{ $.level = "ERR*" }"#, message));
        assert!(matches(r#"{ $.level = "*R*O*" }"#, message));
        assert!(!matches(r#"{ $.level = "WARN" }"#, message));
        assert!(matches(r#"{ $.level != "WARN" }"#, message));
        assert!(matches("{ $.code = 500 }", message));
        assert!(matches(r#"{ $.user.name = "ana" }"#, message));
        assert!(matches(r#"{ $.tags[1] = "b" }"#, message));
        assert!(!matches(r#"{ $.tags[2] = "b" }"#, message));
    }

    #[test]
    fn json_numbers_compare_numerically() {
        let message = r#"{"latency": 250, "size": "12"}"#;
        assert!(matches("{ $.latency > 100 }", message));
        assert!(matches("{ $.latency >= 250 }", message));
        assert!(!matches("{ $.latency < 250 }", message));
        assert!(matches("{ $.latency <= 250 }", message));
        assert!(matches("{ $.latency != 1 }", message));
        assert!(matches("{ $.size < 13 }", message));
        assert!(!matches("{ $.missing > 1 }", message));
    }

    #[test]
    fn json_conditions_combine_with_and_or_and_parentheses() {
        let message = r#"{"a": 1, "b": "x", "c": null, "d": true}"#;
        assert!(matches(r#"{ $.a = 1 && $.b = "x" }"#, message));
        assert!(!matches(r#"{ $.a = 2 && $.b = "x" }"#, message));
        assert!(matches(r#"{ $.a = 2 || $.b = "x" }"#, message));
        assert!(matches(
            r#"{ ($.a = 2 || $.b = "x") && $.c IS NULL }"#,
            message
        ));
        assert!(!matches(
            r#"{ $.a = 2 || ($.b = "x" && $.a = 3) }"#,
            message
        ));
        assert!(matches("{ $.d IS TRUE }", message));
        assert!(!matches("{ $.d IS FALSE }", message));
        assert!(matches("{ $.e NOT EXISTS }", message));
        assert!(!matches("{ $.c NOT EXISTS }", message));
        assert!(!matches("{ $.b IS NULL }", message));
    }

    #[test]
    fn json_patterns_never_match_other_messages() {
        assert!(!matches(r#"{ $.level = "ERROR" }"#, "level ERROR"));
    }

    #[test]
    fn malformed_json_patterns_do_not_parse() {
        for pattern in [
            "{ $.a = }",
            "{ a = 1 }",
            "{ $.a = 1",
            "{ ($.a = 1 }",
            "{ $.a > \"x\" }",
            "{ $.a = 1 && }",
            "{ $. = 1 }",
            "{ $.a[x] = 1 }",
            "{ $.a IS MAYBE }",
        ] {
            assert_eq!(parse(pattern), Err(Invalid), "{pattern}");
        }
    }

    #[test]
    fn space_delimited_patterns_match_fields_in_order() {
        let line =
            r#"127.0.0.1 frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#;
        assert!(matches(
            "[ip, user, timestamp, request, status, bytes]",
            line
        ));
        assert!(matches(
            "[ip, user, timestamp, request, status=404, bytes]",
            line
        ));
        assert!(matches(
            "[ip, user, timestamp, request, status=4*, bytes]",
            line
        ));
        assert!(!matches(
            "[ip, user, timestamp, request, status=5*, bytes]",
            line
        ));
        assert!(matches("[ip, user=frank, ...]", line));
        assert!(matches("[..., status>=400, bytes<2000]", line));
        assert!(matches(
            r#"[ip, user, timestamp, request="GET *", ...]"#,
            line
        ));
        assert!(matches(
            "[ip, user, ..., status=404 || status=410, bytes]",
            line
        ));
        assert!(!matches("[ip, user, status]", line));
        assert!(!matches("[ip, user=ana, ...]", line));
    }

    #[test]
    fn malformed_space_delimited_patterns_do_not_parse() {
        assert_eq!(parse("[ip, , status]"), Err(Invalid));
        assert_eq!(parse("[ip, status=]"), Err(Invalid));
        assert_eq!(parse("[ip, status"), Err(Invalid));
    }

    #[test]
    fn wildcards_anchor_at_both_ends() {
        assert!(wildcard("a*c", "abc"));
        assert!(wildcard("a*", "a"));
        assert!(wildcard("*", ""));
        assert!(!wildcard("a*c", "abcd"));
        assert!(!wildcard("abc", "abcd"));
        assert!(wildcard("*b*", "abc"));
    }
}
